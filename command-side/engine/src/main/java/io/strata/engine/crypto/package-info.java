/**
 * Cryptography of the repository, depending on nothing else in the engine.
 *
 * <p>Vocabulary: the <em>master key</em> (256 random bits per repository, never stored in the
 * clear); <em>subkeys</em> derived from it with HKDF-SHA256 (data key, config MAC key, chunker
 * seed); a <em>wrap</em> (the master key encrypted under a wrapping key, which is derived from a
 * password with scrypt or given as a raw 32-byte key-encryption key); the <em>segmented GCM</em>
 * envelope that encrypts every object and blob in 64 KiB AES-256-GCM segments.
 */
package io.strata.engine.crypto;
