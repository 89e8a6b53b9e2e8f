package io.strata.command.tenant;

import io.strata.kernel.error.DomainException;
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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tenant aggregate: creation, who may grant which role, and domains added once. */
class TenantTest {

    private static final TenantId TENANT = TenantId.of("t-1");
    private static final UserId OWNER = UserId.of("owner");
    private static final UserId ADMIN = UserId.of("admin");
    private static final UserId OPERATOR = UserId.of("operator");
    private static final UserId NEWCOMER = UserId.of("newcomer");

    private AggregateTestFixture<Tenant> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Tenant.class);
    }

    private Object[] created() {
        return new Object[]{
                new TenantCreated(TENANT, "Acme", "acme"),
                new DomainAdded(TENANT, "acme.strata.localhost", DomainStatus.ACTIVE, true, null, null),
                new MemberJoined(TENANT, OWNER, Role.OWNER),
                new TenantSshKeyGenerated(TENANT, "ssh-ed25519 AAAA strata@acme", "SHA256:x")};
    }

    @Test
    void creationRecordsTenantDefaultDomainOwnerAndSshKey() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(TENANT, "Acme", "acme", "acme.strata.localhost", OWNER,
                        "ssh-ed25519 AAAA strata@acme", "SHA256:x"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created());
    }

    @Test
    void creationWithoutNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenantCommand(TENANT, " ", "acme", "acme.strata.localhost", OWNER, "k", "f"))
                .expectException(DomainException.class).expectNoEvents();
    }

    @Test
    void ownerGrantsAnyRole() {
        fixture.given(created())
                .when(new AddMemberCommand(TENANT, ADMIN, Role.ADMIN, OWNER))
                .expectEvents(new MemberJoined(TENANT, ADMIN, Role.ADMIN));
    }

    @Test
    void adminGrantsOperatorButNotAdmin() {
        fixture.given(created()).andGiven(new MemberJoined(TENANT, ADMIN, Role.ADMIN))
                .when(new AddMemberCommand(TENANT, NEWCOMER, Role.OPERATOR, ADMIN))
                .expectEvents(new MemberJoined(TENANT, NEWCOMER, Role.OPERATOR));
        fixture.given(created()).andGiven(new MemberJoined(TENANT, ADMIN, Role.ADMIN))
                .when(new AddMemberCommand(TENANT, NEWCOMER, Role.ADMIN, ADMIN))
                .expectException(DomainException.class).expectExceptionMessage("Only an OWNER may grant ADMIN")
                .expectNoEvents();
    }

    @Test
    void operatorsAndStrangersGrantNothing() {
        fixture.given(created()).andGiven(new MemberJoined(TENANT, OPERATOR, Role.OPERATOR))
                .when(new AddMemberCommand(TENANT, NEWCOMER, Role.AUDITOR, OPERATOR))
                .expectException(DomainException.class).expectNoEvents();
        fixture.given(created())
                .when(new AddMemberCommand(TENANT, NEWCOMER, Role.AUDITOR, UserId.of("stranger")))
                .expectException(DomainException.class).expectNoEvents();
    }

    @Test
    void aMemberJoinsOnce() {
        fixture.given(created()).andGiven(new MemberJoined(TENANT, NEWCOMER, Role.AUDITOR))
                .when(new AddMemberCommand(TENANT, NEWCOMER, Role.OPERATOR, OWNER))
                .expectException(DomainException.class).expectExceptionMessage("This user is already a member");
    }

    @Test
    void customDomainIsPendingAndAddedOnce() {
        fixture.given(created())
                .when(new AddDomainCommand(TENANT, "backup.acme.com", "_strata-challenge.backup.acme.com", "v"))
                .expectEvents(new DomainAdded(TENANT, "backup.acme.com", DomainStatus.PENDING_VERIFICATION, false,
                        "_strata-challenge.backup.acme.com", "v"));
        fixture.given(created())
                .when(new AddDomainCommand(TENANT, "acme.strata.localhost", "n", "v"))
                .expectException(DomainException.class).expectNoEvents();
    }
}
