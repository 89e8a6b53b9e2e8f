package io.strata.command.ssh.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code sh -c} scripts for tests that need what the JVM cannot do itself, such as making and listing files
 * whose names are not UTF-8 ({@code printf}'s octal escapes are bytes).
 */
public final class Shell {
    private Shell() {
    }

    /**
     * Runs {@code script} with {@code arg} as its {@code $1}; its output and errors, each byte as the Latin-1 character
     * of that value (so names compare byte for byte).
     *
     * @throws IOException when the script exits with another status than 0, with its output
     */
    public static String run(String script, String arg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script, "sh", arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (p.waitFor() != 0) {
            throw new IOException("sh exited with " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
