package io.strata.command.ssh;

/**
 * Which server host keys to accept. Fingerprints are OpenSSH's {@code SHA256:…} (base64 without
 * padding, as {@code ssh-keygen -lf} prints them).
 */
public sealed interface HostKeyPolicy {

    /** Accepts any host key; the connection reports its fingerprint so the caller can pin it. */
    static HostKeyPolicy trustOnFirstUse() {
        return TrustOnFirstUse.INSTANCE;
    }

    /** Accepts only the key with this fingerprint; any other fails with {@link HostKeyMismatchException}. */
    static HostKeyPolicy pinned(String fingerprint) {
        return new Pinned(fingerprint);
    }

    enum TrustOnFirstUse implements HostKeyPolicy {
        INSTANCE
    }

    record Pinned(String fingerprint) implements HostKeyPolicy {
        public Pinned {
            HostKeyFingerprints.requireValid(fingerprint);
        }
    }
}
