package io.strata.command.ssh;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names nobody else writes: a prefix and 128 random bits in hex. Marks what this package sends through a
 * server's shell (the end of a tar batch's messages, a command's process id line) and names files it writes
 * beside others, so that no output or file of the server's own can be taken for them.
 */
final class RandomMarker {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomMarker() {
    }

    static String of(String prefix) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return prefix + HexFormat.of().formatHex(nonce);
    }
}
