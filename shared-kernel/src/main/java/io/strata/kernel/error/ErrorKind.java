package io.strata.kernel.error;

/** What kind of refusal a {@link DomainException} is; the HTTP edge maps each to one status. */
public enum ErrorKind {
    /** The input is malformed or breaks a rule of its own shape (400). */
    INVALID,
    /** The caller is not who it claims, or its credentials are spent (401). */
    UNAUTHENTICATED,
    /** The caller is known but its role does not allow this (403). */
    FORBIDDEN,
    /** No such resource for this caller; also the answer for another tenant's resource (404). */
    NOT_FOUND,
    /** The request conflicts with the current state, such as a name already taken (409). */
    CONFLICT,
    /** The input is well formed but refused by a rule, such as a weak password (422). */
    UNPROCESSABLE,
    /** Too many attempts; retry later (429). */
    THROTTLED,
    /** A dependency the platform needs is unavailable (503). */
    UNAVAILABLE
}
