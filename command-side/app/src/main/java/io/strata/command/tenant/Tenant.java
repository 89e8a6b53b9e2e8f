package io.strata.command.tenant;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.tenant.AddDomainCommand;
import io.strata.kernel.tenant.AddMemberCommand;
import io.strata.kernel.tenant.CreateTenantCommand;
import io.strata.kernel.tenant.DomainAdded;
import io.strata.kernel.tenant.DomainStatus;
import io.strata.kernel.tenant.MemberJoined;
import io.strata.kernel.tenant.Role;
import io.strata.kernel.tenant.TenantCreated;
import io.strata.kernel.tenant.TenantSshKeyGenerated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant: its members with their roles, and its domains. Decides who may grant which role (an ADMIN may
 * add OPERATORs and AUDITORs; only an OWNER may add OWNERs and ADMINs) and that a domain is added once.
 */
@Aggregate
class Tenant {

    @AggregateIdentifier
    private TenantId tenantId;
    private final Map<UserId, Role> members = new HashMap<>();
    private final Set<String> domains = new HashSet<>();

    protected Tenant() {
        // for Axon
    }

    @CommandHandler
    Tenant(CreateTenantCommand command) {
        if (command.name() == null || command.name().isBlank()) {
            throw new DomainException(ErrorKind.INVALID, "INVALID_ORGANIZATION", "A tenant needs a name");
        }
        apply(new TenantCreated(command.tenantId(), command.name(), command.slug()));
        apply(new DomainAdded(command.tenantId(), command.defaultDomain(), DomainStatus.ACTIVE, true, null, null));
        apply(new MemberJoined(command.tenantId(), command.ownerUserId(), Role.OWNER));
        apply(new TenantSshKeyGenerated(command.tenantId(), command.sshPublicKey(), command.sshKeyFingerprint()));
    }

    @CommandHandler
    void handle(AddMemberCommand command) {
        Role granter = members.get(command.grantedBy());
        if (granter != Role.OWNER && granter != Role.ADMIN) {
            throw new DomainException(ErrorKind.FORBIDDEN, "FORBIDDEN", "Only an OWNER or ADMIN may add members");
        }
        if ((command.role() == Role.OWNER || command.role() == Role.ADMIN) && granter != Role.OWNER) {
            throw new DomainException(ErrorKind.FORBIDDEN, "FORBIDDEN", "Only an OWNER may grant " + command.role());
        }
        if (members.containsKey(command.userId())) {
            throw new DomainException(ErrorKind.CONFLICT, "ALREADY_MEMBER", "This user is already a member");
        }
        apply(new MemberJoined(tenantId, command.userId(), command.role()));
    }

    @CommandHandler
    void handle(AddDomainCommand command) {
        if (domains.contains(command.domain())) {
            throw new DomainException(ErrorKind.CONFLICT, "DOMAIN_TAKEN", "The domain is already this tenant's");
        }
        apply(new DomainAdded(tenantId, command.domain(), DomainStatus.PENDING_VERIFICATION, false,
                command.verificationName(), command.verificationValue()));
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        this.tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(DomainAdded event) {
        domains.add(event.domain());
    }

    @EventSourcingHandler
    void on(MemberJoined event) {
        members.put(event.userId(), event.role());
    }
}
