/**
 * Key material: the platform key-encryption key (KEK), sealing under it, and Ed25519 key encodings. Secrets at rest (token-signing keys, tenants'
 * SSH private keys, repository keys, storage credentials) are sealed with AES-256-GCM under the KEK, bound to
 * what they are (associated data), so a sealed value copied into another row does not open.
 */
package io.strata.command.keys;
