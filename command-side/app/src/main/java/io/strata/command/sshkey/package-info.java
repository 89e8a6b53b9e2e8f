/**
 * Each tenant's SSH key pair (Ed25519), made at signup: the public half as an OpenSSH {@code authorized_keys}
 * line with its SHA-256 fingerprint, the private half (PKCS#8) sealed under the platform KEK and opened only
 * to connect to the tenant's servers.
 */
package io.strata.command.sshkey;
