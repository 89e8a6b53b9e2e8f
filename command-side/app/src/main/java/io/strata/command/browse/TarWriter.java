package io.strata.command.browse;

import io.strata.engine.codec.LosslessUtf8;
import io.strata.engine.metadata.DeviceNumbers;
import io.strata.engine.metadata.Xattr;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a POSIX tar stream (ustar headers, with PAX extended headers for paths, link targets and sizes that
 * do not fit, for nanosecond modification times, and for extended attributes as {@code SCHILY.xattr.NAME} records
 * of the raw value, as GNU tar writes them), which GNU tar, bsdtar and Python's tarfile read. GNU tar sets the
 * attributes when extracting with {@code --xattrs --xattrs-include='*'} (by default only {@code user.*}).
 */
final class TarWriter {

    private static final int BLOCK = 512;
    private static final long USTAR_MAX_SIZE = 077777777777L;

    private final OutputStream out;
    private long written;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    enum Kind {
        FILE('0'), HARDLINK('1'), SYMLINK('2'), CHAR_DEVICE('3'), BLOCK_DEVICE('4'), DIRECTORY('5'), FIFO('6');

        final char flag;

        Kind(char flag) {
            this.flag = flag;
        }
    }

    /**
     * One entry's header; for files, {@code size} bytes of content must follow through {@link #content}.
     *
     * @param rdev the device number of a character or block device (its major and minor go in the header), else 0
     * @param xattrs extended attributes, in PAX records
     */
    record Entry(String path, Kind kind, int mode, int uid, int gid, String user, String group, long size,
                 long mtimeNanos, String linkTarget, long rdev, List<Xattr> xattrs) {
    }

    void header(Entry entry) throws IOException {
        Map<String, String> pax = new LinkedHashMap<>();
        String name = entry.kind() == Kind.DIRECTORY && !entry.path().endsWith("/") ? entry.path() + "/" : entry.path();
        if (utf8(name).length > 100 || !ascii(name)) {
            pax.put("path", name);
        }
        if (entry.linkTarget() != null && (utf8(entry.linkTarget()).length > 100 || !ascii(entry.linkTarget()))) {
            pax.put("linkpath", entry.linkTarget());
        }
        if (entry.size() > USTAR_MAX_SIZE) {
            pax.put("size", Long.toString(entry.size()));
        }
        long seconds = Math.floorDiv(entry.mtimeNanos(), 1_000_000_000L);
        long nanos = Math.floorMod(entry.mtimeNanos(), 1_000_000_000L);
        if (nanos != 0) {
            pax.put("mtime", seconds + "." + String.format("%09d", nanos));
        }
        for (Xattr x : entry.xattrs()) { // a value's bytes as they are, whatever they hold (utf8 gives them back)
            pax.put("SCHILY.xattr." + x.name(), LosslessUtf8.decode(x.value(), 0, x.value().length));
        }
        if (!pax.isEmpty()) {
            // a name that is not UTF-8 on its server goes in its record as its bytes, as GNU tar writes and reads it
            // (without POSIX's hdrcharset=BINARY, on which GNU tar warns)
            byte[] records = paxRecords(pax);
            writeHeader("PaxHeaders/" + shorten(name), 'x', 0644, 0, 0, "", "", records.length, seconds, "", 0);
            write(records, records.length);
            pad();
        }
        writeHeader(shorten(name), entry.kind().flag, entry.mode(), entry.uid(), entry.gid(), entry.user(), entry.group(),
                entry.kind() == Kind.FILE ? Math.min(entry.size(), USTAR_MAX_SIZE) : 0, seconds,
                entry.linkTarget() == null ? "" : shorten(entry.linkTarget()), entry.rdev());
    }

    void content(byte[] data, int length) throws IOException {
        write(data, length);
    }

    /** Ends a file's content with the padding to the next block. */
    void endOfFile() throws IOException {
        pad();
    }

    /** Two zero blocks: the end of the archive. */
    void finish() throws IOException {
        out.write(new byte[BLOCK * 2]);
        out.flush();
    }

    private void writeHeader(String name, char flag, int mode, int uid, int gid, String user, String group, long size,
                             long mtime, String link, long rdev) throws IOException {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, utf8(name));
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, Math.max(0, uid));
        octal(h, 116, 8, Math.max(0, gid));
        octal(h, 124, 12, size);
        octal(h, 136, 12, Math.max(0, mtime));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) flag;
        put(h, 157, 100, utf8(link));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 265, 32, utf8(user == null ? "" : user));
        put(h, 297, 32, utf8(group == null ? "" : group));
        if (flag == Kind.CHAR_DEVICE.flag || flag == Kind.BLOCK_DEVICE.flag) {
            octal(h, 329, 8, DeviceNumbers.major(rdev));
            octal(h, 337, 8, DeviceNumbers.minor(rdev));
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, h, 148, 8);
        write(h, BLOCK);
    }

    private static byte[] paxRecords(Map<String, String> values) {
        StringBuilder records = new StringBuilder();
        values.forEach((key, value) -> {
            String body = " " + key + "=" + value + "\n";
            int length = utf8(body).length;
            int total = length + Integer.toString(length).length();
            if (Integer.toString(total).length() != Integer.toString(length).length()) {
                total++;
            }
            records.append(total).append(body);
        });
        return utf8(records.toString());
    }

    private static String shorten(String text) {
        byte[] bytes = utf8(text);
        if (bytes.length <= 100 && ascii(text)) {
            return text;
        }
        StringBuilder ascii = new StringBuilder();
        for (char c : text.toCharArray()) {
            ascii.append(c < 128 ? c : '_'); // the PAX record has the name as it is
        }
        String plain = ascii.toString();
        return plain.length() <= 100 ? plain : plain.substring(plain.length() - 100);
    }

    private void write(byte[] data, int length) throws IOException {
        out.write(data, 0, length);
        written += length;
    }

    private void pad() throws IOException {
        int remainder = (int) (written % BLOCK);
        if (remainder != 0) {
            write(new byte[BLOCK - remainder], BLOCK - remainder);
        }
    }

    private static void put(byte[] header, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, header, offset, Math.min(length, value.length));
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        put(header, offset, length - 1, padded.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean ascii(String text) {
        return text.chars().allMatch(c -> c < 128);
    }

    /** UTF-8, with the bytes of a name that is not UTF-8 as they were ({@link LosslessUtf8}). */
    private static byte[] utf8(String text) {
        return LosslessUtf8.encode(text);
    }
}
