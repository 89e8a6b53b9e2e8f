/**
 * The keys that sign access tokens: Ed25519, named by a {@code kid}, generated on first start and sealed under
 * the platform KEK (or supplied by configuration), rotated on a schedule. A retired key keeps verifying until
 * every token it signed has expired, so rotation never logs anyone out.
 */
package io.strata.command.signing;
