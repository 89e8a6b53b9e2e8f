package io.strata.command.auth;

import io.strata.command.account.Accounts;
import io.strata.command.account.EmailAddress;
import io.strata.command.account.PasswordHasher;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * Login and refresh: the two ways to get a token pair. A login that fails for any reason (unknown email,
 * wrong password, no membership) answers {@code INVALID_CREDENTIALS} after one password verification's work.
 */
@Component
class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final TransactionTemplate transactions;

    Sessions(Accounts accounts, PasswordHasher hasher, LoginThrottle throttle, AccessTokens accessTokens,
             RefreshTokens refreshTokens, TransactionTemplate transactions) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.transactions = transactions;
    }

    AuthResponses.Tokens login(AuthRequests.Login request, String clientAddress) {
        EmailAddress email = EmailAddress.parse(request.email());
        throttle.checkAllowed(email.value(), clientAddress);
        Optional<Accounts.Account> account = accounts.findByEmail(email);
        boolean verified = account.isPresent()
                ? hasher.verify(request.password(), account.get().passwordHash())
                : hasher.verifyAgainstNothing(request.password());
        Optional<Accounts.Membership> membership = verified
                ? accounts.membershipOf(account.get().userId()) : Optional.empty();
        if (membership.isEmpty()) {
            log.info("Refused a login from {} ({})", clientAddress,
                    account.map(a -> "account " + a.userId()).orElse("no such account"));
            throttle.recordFailure(email.value(), clientAddress);
            throw new DomainException(ErrorKind.UNAUTHENTICATED, "INVALID_CREDENTIALS", "The email or password is wrong");
        }
        throttle.recordSuccess(email.value());
        return transactions.execute(status -> tokens(membership.get(), null));
    }

    AuthResponses.Tokens refresh(AuthRequests.Refresh request) {
        Refreshed refreshed = transactions.execute(status -> {
            RefreshTokens.Redemption redemption = refreshTokens.redeem(request.refreshToken());
            if (redemption.outcome() != RefreshTokens.Outcome.REDEEMED) {
                return new Refreshed(null, redemption.outcome());
            }
            return accounts.membershipOf(redemption.userId())
                    .filter(membership -> membership.tenantId().equals(redemption.tenantId()))
                    .map(membership -> new Refreshed(tokens(membership, redemption.familyId()), RefreshTokens.Outcome.REDEEMED))
                    .orElseGet(() -> new Refreshed(null, RefreshTokens.Outcome.REVOKED));
        });
        if (refreshed.tokens != null) {
            return refreshed.tokens;
        }
        throw switch (refreshed.outcome) {
            case EXPIRED -> refused("REFRESH_TOKEN_EXPIRED", "The refresh token has expired; log in again");
            case REUSED -> reused();
            case REVOKED -> refused("REFRESH_TOKEN_REVOKED", "The refresh token was revoked; log in again");
            default -> refused("INVALID_REFRESH_TOKEN", "The refresh token is not valid");
        };
    }

    private static DomainException reused() {
        log.warn("A spent refresh token was presented again; its whole family is revoked");
        return refused("REFRESH_TOKEN_REUSED",
                    "The refresh token was already used; every session of this login is now revoked");
    }

    private AuthResponses.Tokens tokens(Accounts.Membership membership, String familyId) {
        return new AuthResponses.Tokens(accessTokens.issue(membership),
                refreshTokens.issue(membership.userId(), membership.tenantId(), familyId),
                accessTokens.lifetimeSeconds(), membership.tenantId().value());
    }

    private static DomainException refused(String code, String message) {
        return new DomainException(ErrorKind.UNAUTHENTICATED, code, message);
    }

    private record Refreshed(AuthResponses.Tokens tokens, RefreshTokens.Outcome outcome) {
    }
}
