package io.strata.command.auth;

import io.strata.command.account.Accounts;
import io.strata.command.account.EmailAddress;
import io.strata.command.account.PasswordHasher;
import io.strata.command.account.PasswordPolicy;
import io.strata.command.sshkey.TenantSshKeys;
import io.strata.command.tenant.DomainClaims;
import io.strata.command.tenant.Slug;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.tenant.CreateTenantCommand;
import io.strata.kernel.tenant.Role;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Signs up an organisation: its owner's account, the tenant with its default domain and SSH key, and the
 * first token pair, in one transaction with the tenant's events, so a failure at any step leaves nothing
 * behind. Validation and password hashing happen before the transaction opens.
 */
@Component
class Signup {

    private static final Logger log = LoggerFactory.getLogger(Signup.class);

    private final Accounts accounts;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHasher hasher;
    private final DomainClaims domains;
    private final TenantSshKeys sshKeys;
    private final CommandGateway commands;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Signup(Accounts accounts, PasswordPolicy passwordPolicy, PasswordHasher hasher, DomainClaims domains,
           TenantSshKeys sshKeys, CommandGateway commands, AccessTokens accessTokens, RefreshTokens refreshTokens,
           TransactionTemplate transactions, Clock clock) {
        this.accounts = accounts;
        this.passwordPolicy = passwordPolicy;
        this.hasher = hasher;
        this.domains = domains;
        this.sshKeys = sshKeys;
        this.commands = commands;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    AuthResponses.SignedUp signUp(AuthRequests.Signup request) {
        EmailAddress email = EmailAddress.parse(request.email());
        String organization = organizationName(request.organization());
        String baseSlug = Slug.from(organization);
        passwordPolicy.check(request.password(), email, organization);
        String passwordHash = hasher.hash(request.password());
        TenantId tenantId = TenantId.random();
        UserId userId = UserId.random();
        AuthResponses.SignedUp signedUp = transactions.execute(status -> {
            Instant now = clock.instant();
            if (!accounts.create(userId, email, passwordHash, now)) {
                throw new DomainException(ErrorKind.CONFLICT, "EMAIL_TAKEN", "An account with this email already exists");
            }
            String slug = domains.claimDefault(tenantId, baseSlug, now);
            String domain = domains.defaultDomain(slug);
            TenantSshKeys.PublicSshKey sshKey = sshKeys.generate(tenantId, "strata@" + domain, now);
            accounts.addMembership(userId, tenantId, Role.OWNER, now);
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateTenantCommand(tenantId, organization,
                            slug, domain, userId, sshKey.openSshLine(), sshKey.fingerprint()))
                    .andMetaData(Map.of(MetadataKeys.USER_ID, userId.value())));
            Accounts.Membership owner = new Accounts.Membership(userId, tenantId, Role.OWNER);
            return new AuthResponses.SignedUp(tenantId.value(), userId.value(), domain, accessTokens.issue(owner),
                    refreshTokens.issue(userId, tenantId, null), accessTokens.lifetimeSeconds());
        });
        log.info("Signed up tenant {} ({}) with owner {}", tenantId, signedUp.domain(), userId);
        return signedUp;
    }

    /** The name as entered, whitespace collapsed; control characters refused. */
    private static String organizationName(String raw) {
        String name = raw.strip().replaceAll("\\s+", " ");
        if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
            throw new DomainException(ErrorKind.INVALID, "INVALID_ORGANIZATION",
                    "The organisation name must be printable text");
        }
        return name;
    }
}
