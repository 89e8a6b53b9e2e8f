/**
 * Invariant violations. A {@link io.strata.kernel.error.DomainException} carries a stable {@code code}
 * (an API contract: clients branch on it) and a {@link io.strata.kernel.error.ErrorKind} that the HTTP edge
 * maps to a status and an RFC 9457 problem document. Business outcomes are events, not exceptions.
 */
package io.strata.kernel.error;
