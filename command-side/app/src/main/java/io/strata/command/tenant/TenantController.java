package io.strata.command.tenant;

import io.strata.command.account.Accounts;
import io.strata.command.account.EmailAddress;
import io.strata.command.account.PasswordHasher;
import io.strata.command.account.PasswordPolicy;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.network.DnsName;
import io.strata.kernel.tenant.AddDomainCommand;
import io.strata.kernel.tenant.AddMemberCommand;
import io.strata.kernel.tenant.DomainStatus;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/** {@code /api/v1/tenant}: changes to the caller's own tenant (its profile is read on the query side). */
@RestController
@RequestMapping("/api/v1/tenant")
class TenantController {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandGateway commands;
    private final DomainClaims domains;
    private final Accounts accounts;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHasher hasher;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TenantController(CommandGateway commands, DomainClaims domains, Accounts accounts, PasswordPolicy passwordPolicy,
                     PasswordHasher hasher, TransactionTemplate transactions, Clock clock) {
        this.commands = commands;
        this.domains = domains;
        this.accounts = accounts;
        this.passwordPolicy = passwordPolicy;
        this.hasher = hasher;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Adds a custom domain, pending until its TXT record is found. The domain is claimed for this tenant at
     * once, so no other tenant can take it meanwhile.
     */
    @PostMapping("/domains")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    TenantRequests.DomainAccepted addDomain(@Valid @RequestBody TenantRequests.AddDomain request) {
        Caller caller = CurrentCaller.require();
        DnsName domain = DnsName.parse(request.domain()).orElseThrow(() -> new DomainException(ErrorKind.INVALID,
                "INVALID_DOMAIN", "'" + request.domain() + "' is not a valid domain name"));
        DnsName base = DnsName.parse(domains.baseDomain()).orElseThrow();
        if (domain.isWithin(base)) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "DOMAIN_RESERVED",
                    "Domains under " + base + " are assigned by the platform");
        }
        String name = "_strata-challenge." + domain;
        String value = "strata-verification=" + HexFormat.of().formatHex(randomBytes());
        transactions.executeWithoutResult(status -> {
            if (!domains.claim(domain.value(), caller.tenantId(), clock.instant())) {
                throw new DomainException(ErrorKind.CONFLICT, "DOMAIN_TAKEN", "The domain is already in use");
            }
            commands.sendAndWait(new AddDomainCommand(caller.tenantId(), domain.value(), name, value));
        });
        return new TenantRequests.DomainAccepted(domain.value(), DomainStatus.PENDING_VERIFICATION.name(),
                new TenantRequests.Verification("TXT", name, value));
    }

    /** Creates an account for a new member with a role (only an OWNER grants OWNER or ADMIN). */
    @PostMapping("/members")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    TenantRequests.MemberAdded addMember(@Valid @RequestBody TenantRequests.AddMember request) {
        Caller caller = CurrentCaller.require();
        EmailAddress email = EmailAddress.parse(request.email());
        passwordPolicy.check(request.password(), email, null);
        String passwordHash = hasher.hash(request.password());
        UserId userId = UserId.random();
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            if (!accounts.create(userId, email, passwordHash, now)) {
                throw new DomainException(ErrorKind.CONFLICT, "EMAIL_TAKEN", "An account with this email already exists");
            }
            accounts.addMembership(userId, caller.tenantId(), request.role(), now);
            commands.sendAndWait(new AddMemberCommand(caller.tenantId(), userId, request.role(), caller.userId()));
        });
        return new TenantRequests.MemberAdded(userId.value(), request.role());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
