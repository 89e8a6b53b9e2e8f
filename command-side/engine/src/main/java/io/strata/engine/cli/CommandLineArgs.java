package io.strata.engine.cli;

import io.strata.engine.codec.LosslessUtf8;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The command line's arguments as the bytes they were given. The JVM decodes them in its locale's character set, with
 * U+FFFD for bytes that do not decode: a path argument whose name is not UTF-8 (a Latin-1 directory, say) would
 * then name no file. On Linux the bytes are in {@code /proc/self/cmdline}, the main arguments last; each is taken
 * from there as the string standing for its bytes ({@link LosslessUtf8}), which the engine's file names turn back
 * into the same bytes ({@link io.strata.engine.metadata.FileNames}).
 *
 * <p>A child JVM's arguments pass through the parent's encoding, which cannot carry such strings: the parent gives
 * them to its child in {@value #ENV} instead, hex-encoded, when any differs from what the JVM decoded.
 */
final class CommandLineArgs {
    /** Where a parent CLI hands its child the arguments as given: each one's bytes in hex, separated by commas. */
    static final String ENV = "STRATA_CLI_ARGS";
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private CommandLineArgs() {
    }

    /**
     * The arguments as given: from the parent ({@value #ENV}) in a child JVM, else from {@code /proc/self/cmdline}
     * where it holds them, else {@code decoded} (what the JVM made of them) as it is.
     */
    static String[] asGiven(String[] decoded, boolean child, Map<String, String> environment) {
        String passed = child ? environment.get(ENV) : null;
        if (passed != null) {
            String[] fromParent = fromHex(passed);
            return fromParent != null && fromParent.length == decoded.length ? fromParent : decoded;
        }
        try {
            return fromCmdline(Files.readAllBytes(CMDLINE), decoded, Charset.forName(System.getProperty("sun.jnu.encoding")));
        } catch (IOException | RuntimeException e) {
            return decoded; // not Linux, or no /proc: as the JVM decoded them
        }
    }

    /**
     * The last {@code decoded.length} entries of a NUL-separated command line, each as the string standing for its
     * bytes; {@code decoded} itself unless each entry, decoded in {@code charset} as the JVM does, is the argument the
     * JVM gave (the command line is then not the one the arguments came from).
     */
    static String[] fromCmdline(byte[] cmdline, String[] decoded, Charset charset) {
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                entries.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (entries.size() < decoded.length) {
            return decoded;
        }
        String[] given = new String[decoded.length];
        for (int i = 0; i < decoded.length; i++) {
            byte[] bytes = entries.get(entries.size() - decoded.length + i);
            if (!new String(bytes, charset).equals(decoded[i])) {
                return decoded;
            }
            given[i] = LosslessUtf8.decode(bytes);
        }
        return given;
    }

    /** {@code args} for {@value #ENV}, or null when the JVM's encoding carries each of them to a child unchanged. */
    static String toHex(String[] args, Charset charset) {
        boolean needed = false;
        StringBuilder hex = new StringBuilder();
        for (String a : args) {
            byte[] bytes = LosslessUtf8.encode(a);
            needed |= !Arrays.equals(a.getBytes(charset), bytes);
            hex.append(hex.isEmpty() ? "" : ",").append(HexFormat.of().formatHex(bytes));
        }
        return needed ? hex.toString() : null;
    }

    private static String[] fromHex(String hex) {
        try {
            String[] parts = hex.isEmpty() ? new String[0] : hex.split(",", -1);
            String[] args = new String[parts.length];
            for (int i = 0; i < parts.length; i++) {
                args[i] = LosslessUtf8.decode(HexFormat.of().parseHex(parts[i]));
            }
            return args;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
