/**
 * Refusals as RFC 9457 problem documents ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, and always a stable {@code code} that clients branch on. Nothing in a
 * problem reveals secrets, stack traces, or whether another tenant's resource exists.
 */
package io.strata.platform.problem;
