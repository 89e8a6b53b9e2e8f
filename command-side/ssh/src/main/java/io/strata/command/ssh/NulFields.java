package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The NUL-ended protocol of the command loops on a server ({@link FindLoop}, {@link XattrLoop}): requests of a line
 * and NUL-ended paths ({@link #request}), answers of NUL-ended fields read one at a time into a buffer this reuses;
 * names and paths are the server's bytes ({@link LosslessUtf8}).
 */
final class NulFields {
    private final InputStream in;
    /** Makes the loop's error for a stream that is not what it asked for. */
    private final Function<String, IOException> broken;
    private byte[] field = new byte[256];
    private int length;

    /**
     * A request: its first line ({@code head}), then the absolute {@code paths}, each ended by NUL, as the bytes the
     * server listed them with.
     */
    static byte[] request(String head, List<String> paths) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((head + "\n").getBytes(StandardCharsets.US_ASCII));
        for (String p : paths) {
            if (!p.startsWith("/") || p.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not an absolute path: " + p);
            }
            request.writeBytes(LosslessUtf8.encode(p));
            request.write(0);
        }
        return request.toByteArray();
    }

    NulFields(InputStream in, Function<String, IOException> broken) {
        this.in = in;
        this.broken = broken;
    }

    /**
     * Reads the next field; false at the end of the stream.
     *
     * @throws IOException when the field is longer than {@code limit} bytes: the stream is not what was asked for
     */
    boolean next(int limit) throws IOException {
        length = 0;
        int b;
        while ((b = in.read()) > 0) {
            if (length == field.length) {
                if (length >= limit) {
                    throw broken.apply("a field longer than " + limit + " bytes");
                }
                field = Arrays.copyOf(field, length * 2);
            }
            field[length++] = (byte) b;
        }
        return b == 0;
    }

    /** Whether the field read last starts with {@code c}. */
    boolean startsWith(char c) {
        return length > 0 && field[0] == c;
    }

    /** The field read last, as text. */
    String text() {
        return LosslessUtf8.decode(field, 0, length);
    }

    /** The field read last from byte {@code from} on, as ASCII. */
    String ascii(int from) {
        return new String(field, from, length - from, StandardCharsets.US_ASCII);
    }

    /** The next {@code n} bytes of the stream as they are (not a field). */
    byte[] raw(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw broken.apply("the stream ended inside a value");
        }
        return bytes;
    }
}
