/**
 * Access tokens: short-lived JWTs signed with an Ed25519 key named by its {@code kid}. This package verifies
 * them; issuing and rotating keys is the command side's job. The contract between the two is
 * {@link io.strata.platform.token.AccessTokenFormat} and the {@code signing_key} table's public columns.
 */
package io.strata.platform.token;
