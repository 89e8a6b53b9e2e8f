package io.strata.platform.caller;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** Reads the {@link Caller} of the request being served on this thread. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    /** The caller, or empty for anonymous routes (signup, login, refresh) and platform-started work. */
    public static Optional<Caller> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }

    /** The caller; refuses as unauthenticated when there is none (a route wired without authentication). */
    public static Caller require() {
        return find().orElseThrow(() -> new DomainException(ErrorKind.UNAUTHENTICATED, "UNAUTHENTICATED",
                "This route needs a valid access token"));
    }
}
