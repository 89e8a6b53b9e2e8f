package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a tar stream entry by entry, with each entry's content as a channel over the stream (no
 * copies to memory or disk beyond one buffer). Understands ustar headers (name with prefix), GNU
 * long names and link names ({@code L}/{@code K}), and pax extended headers ({@code x}, and
 * {@code g} for all following entries: {@code path}, {@code linkpath}, {@code size},
 * {@code mtime} with fractions); numbers in octal or GNU's base-256. Every header's checksum is
 * verified. Sparse entries (GNU {@code S} or pax {@code GNU.sparse.*}) are reported with type
 * {@link Entry#SPARSE}: their stored bytes are not the file's content.
 *
 * <p>The end is two zero blocks (one is accepted if the stream then ends); a stream ending anywhere
 * else, or a bad checksum, raises {@link IOException}. One reader thread.
 */
final class TarReader {
    static final int BLOCK = 512;
    private static final int BUFFER = 64 * 1024;

    /**
     * One entry.
     *
     * @param name path bytes as stored (for GNU tar: the bytes of the file name, no leading {@code /})
     * @param type the typeflag: {@code '0'} regular, {@code '5'} directory, {@code '2'} symlink, ...
     * @param mtimeNanos modification time (whole seconds unless a pax header gave fractions)
     */
    record Entry(byte[] name, char type, long size, long mtimeNanos, int mode, byte[] linkName) {
        static final char SPARSE = 'S';

        boolean isRegularFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        String nameText() {
            return LosslessUtf8.decode(name);
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int end;
    /** Bytes read from {@link #in} so far (consumed or buffered). */
    private long filled;
    /** Content bytes of the current entry not yet consumed, then its padding. */
    private long remaining;
    private long padding;
    private boolean finished;
    private final PaxValues global = new PaxValues();
    private Content current;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; skips what is left of the previous one. */
    Entry next() throws IOException {
        if (current != null) {
            current.closed = true;
            current = null;
        }
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        if (finished) {
            return null;
        }
        byte[] longName = null;
        byte[] longLink = null;
        PaxValues pax = null;
        while (true) {
            byte[] h = new byte[BLOCK];
            if (!readBlock(h, true)) {
                finished = true;
                return null; // one zero block and the stream ended: accepted as the end
            }
            if (isZero(h)) {
                byte[] second = new byte[BLOCK];
                if (readBlock(second, true) && !isZero(second)) {
                    throw new IOException("tar stream: a zero block followed by data");
                }
                finished = true;
                return null;
            }
            verifyChecksum(h);
            char type = (char) (h[156] & 0xff);
            long size = number(h, 124, 12, "size");
            switch (type) {
                case 'L' -> longName = trimNul(readData(size, "long name"));
                case 'K' -> longLink = trimNul(readData(size, "long link name"));
                case 'x' -> {
                    pax = pax == null ? new PaxValues() : pax;
                    pax.parse(readData(size, "pax header"));
                }
                case 'g' -> global.parse(readData(size, "pax global header"));
                default -> {
                    return entry(h, type, size, longName, longLink, pax);
                }
            }
        }
    }

    private Entry entry(byte[] h, char type, long headerSize, byte[] longName, byte[] longLink, PaxValues pax)
            throws IOException {
        byte[] name = field(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r'
                && h[262] == 0; // POSIX "ustar\0"; GNU's "ustar  \0" uses the prefix field for other things
        if (ustar && h[345] != 0) {
            byte[] prefix = field(h, 345, 155);
            byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
            joined[prefix.length] = '/';
            System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
            name = joined;
        }
        if (longName != null) {
            name = longName;
        }
        byte[] link = longLink != null ? longLink : field(h, 157, 100);
        long size = headerSize;
        long mtimeNanos = number(h, 136, 12, "mtime") * 1_000_000_000L;
        boolean sparse = type == 'S';
        for (PaxValues p : pax == null ? new PaxValues[] {global} : new PaxValues[] {global, pax}) {
            if (p.path != null) {
                name = p.path;
            }
            if (p.linkPath != null) {
                link = p.linkPath;
            }
            if (p.size >= 0) {
                size = p.size;
            }
            if (p.mtimeNanos != Long.MIN_VALUE) {
                mtimeNanos = p.mtimeNanos;
            }
            sparse |= p.sparse;
        }
        int mode = (int) number(h, 100, 8, "mode");
        boolean hasContent = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
        long stored = hasContent ? size : 0;
        if (sparse) {
            stored = headerSize; // the stored map and data, not the file's length
        }
        remaining = stored;
        padding = (BLOCK - stored % BLOCK) % BLOCK;
        return new Entry(name, sparse ? Entry.SPARSE : type, size, mtimeNanos, mode, link);
    }

    /** Whether {@link #next} has reached the end of the archive. */
    boolean finished() {
        return finished;
    }

    /** Bytes of the stream the archive has used so far: up to the end-of-archive blocks once {@link #finished}. */
    long position() {
        return filled - (end - pos);
    }

    /**
     * The bytes read from the stream ahead of {@link #position} (buffered, not used): after the end
     * of the archive, the start of whatever followed it. The reader is not to be used afterwards.
     */
    byte[] unread() {
        byte[] rest = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return rest;
    }

    /**
     * The current entry's content, ending at its size; valid until {@link #next}. For a regular
     * file this is the whole file as tar read it.
     */
    ReadableByteChannel content() {
        if (current == null) {
            current = new Content();
        }
        return current;
    }

    private final class Content implements ReadableByteChannel {
        boolean closed;

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (remaining == 0) {
                return -1;
            }
            if (pos == end && !fill()) {
                throw new EOFException("tar stream ended inside an entry's content");
            }
            int n = (int) Math.min(Math.min(remaining, end - pos), dst.remaining());
            dst.put(buf, pos, n);
            pos += n;
            remaining -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            // the stream is the reader's; next() skips what is left
        }
    }

    private boolean fill() throws IOException {
        pos = 0;
        end = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        end = n;
        filled += n;
        return true;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == end && !fill()) {
                throw new EOFException("tar stream ended inside an entry");
            }
            int k = (int) Math.min(n, end - pos);
            pos += k;
            n -= k;
        }
    }

    /** Reads one block; false if the stream ended exactly before it (allowed only where {@code endOk}). */
    private boolean readBlock(byte[] b, boolean endOk) throws IOException {
        int got = 0;
        while (got < BLOCK) {
            if (pos == end && !fill()) {
                if (got == 0 && endOk) {
                    return false;
                }
                throw new EOFException("tar stream ended inside a header");
            }
            int k = Math.min(BLOCK - got, end - pos);
            System.arraycopy(buf, pos, b, got, k);
            pos += k;
            got += k;
        }
        return true;
    }

    private byte[] readData(long size, String what) throws IOException {
        if (size < 0 || size > 1 << 20) {
            throw new IOException("tar stream: " + what + " of " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        int got = 0;
        while (got < out.length) {
            if (pos == end && !fill()) {
                throw new EOFException("tar stream ended inside a " + what);
            }
            int k = Math.min(out.length - got, end - pos);
            System.arraycopy(buf, pos, out, got, k);
            pos += k;
            got += k;
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return out;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = number(h, 148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("tar stream: header checksum mismatch (not a tar stream, or corrupted)");
        }
    }

    /** An octal field (NUL or space terminated, leading spaces allowed) or GNU base-256 (high bit set). */
    static long number(byte[] h, int off, int len, String what) throws IOException {
        if ((h[off] & 0x80) != 0) {
            if ((h[off] & 0x40) != 0) {
                throw new IOException("tar stream: negative " + what);
            }
            long v = h[off] & 0x3f;
            for (int i = 1; i < len; i++) {
                if ((v >>> 55) != 0) {
                    throw new IOException("tar stream: " + what + " too large");
                }
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        int i = off;
        int stop = off + len;
        while (i < stop && h[i] == ' ') {
            i++;
        }
        long v = 0;
        for (; i < stop; i++) {
            byte c = h[i];
            if (c == 0 || c == ' ') {
                break;
            }
            if (c < '0' || c > '7') {
                throw new IOException("tar stream: bad octal digit in " + what);
            }
            v = (v << 3) | (c - '0');
        }
        return v;
    }

    private static byte[] field(byte[] h, int off, int len) {
        int n = 0;
        while (n < len && h[off + n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(h, off, off + n);
    }

    private static byte[] trimNul(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n == b.length ? b : Arrays.copyOf(b, n);
    }

    /** Values of pax extended headers that matter here; records are {@code "<len> <key>=<value>\n"}. */
    private static final class PaxValues {
        byte[] path;
        byte[] linkPath;
        long size = -1;
        long mtimeNanos = Long.MIN_VALUE;
        boolean sparse;

        void parse(byte[] data) throws IOException {
            int i = 0;
            while (i < data.length) {
                int sp = i;
                long len = 0;
                while (sp < data.length && data[sp] >= '0' && data[sp] <= '9') {
                    len = len * 10 + (data[sp] - '0');
                    sp++;
                }
                if (sp == i || sp >= data.length || data[sp] != ' ' || len <= sp - i + 1 || i + len > data.length
                        || data[(int) (i + len - 1)] != '\n') {
                    if (len == 0 && isZeroTail(data, i)) {
                        return;
                    }
                    throw new IOException("tar stream: malformed pax record");
                }
                int recordEnd = (int) (i + len - 1);
                int eq = sp + 1;
                while (eq < recordEnd && data[eq] != '=') {
                    eq++;
                }
                if (eq >= recordEnd) {
                    throw new IOException("tar stream: pax record without '='");
                }
                String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
                byte[] value = Arrays.copyOfRange(data, eq + 1, recordEnd);
                apply(key, value);
                i = (int) (i + len);
            }
        }

        private static boolean isZeroTail(byte[] d, int from) {
            for (int i = from; i < d.length; i++) {
                if (d[i] != 0) {
                    return false;
                }
            }
            return true;
        }

        private void apply(String key, byte[] value) throws IOException {
            String v = new String(value, StandardCharsets.UTF_8);
            try {
                switch (key) {
                    case "path" -> path = value;
                    case "linkpath" -> linkPath = value;
                    case "size" -> size = Long.parseLong(v);
                    case "mtime" -> mtimeNanos = paxTime(v);
                    default -> sparse |= key.startsWith("GNU.sparse.");
                }
            } catch (NumberFormatException e) {
                throw new IOException("tar stream: bad pax " + key + ": " + v);
            }
        }

        /** {@code seconds[.fraction]}, possibly negative. */
        static long paxTime(String v) {
            int dot = v.indexOf('.');
            long seconds = Long.parseLong(dot < 0 ? v : v.substring(0, dot));
            long nanos = 0;
            if (dot >= 0) {
                String frac = (v.substring(dot + 1) + "000000000").substring(0, 9);
                nanos = Long.parseLong(frac);
                if (v.startsWith("-")) {
                    nanos = -nanos;
                }
            }
            return seconds * 1_000_000_000L + nanos;
        }
    }
}
