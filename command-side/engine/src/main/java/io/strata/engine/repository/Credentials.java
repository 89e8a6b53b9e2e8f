package io.strata.engine.repository;

/** What unlocks a repository: a password (scrypt wrap) or the platform's raw 32-byte key-encryption key. */
public sealed interface Credentials {
    record Password(char[] password) implements Credentials {
        public Password {
            if (password == null || password.length == 0) {
                throw new IllegalArgumentException("empty password");
            }
        }

        @Override
        public String toString() {
            return "Password[****]";
        }
    }

    record KeyEncryptionKey(byte[] key) implements Credentials {
        public KeyEncryptionKey {
            if (key == null || key.length != 32) {
                throw new IllegalArgumentException("a key-encryption key is 32 bytes");
            }
            key = key.clone();
        }

        @Override
        public String toString() {
            return "KeyEncryptionKey[****]";
        }
    }

    static Credentials password(String password) {
        return new Password(password.toCharArray());
    }
}
