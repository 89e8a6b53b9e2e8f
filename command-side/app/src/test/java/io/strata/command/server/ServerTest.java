package io.strata.command.server;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.server.RegisterServerCommand;
import io.strata.kernel.server.RemoveServerCommand;
import io.strata.kernel.server.ServerKind;
import io.strata.kernel.server.ServerRegistered;
import io.strata.kernel.server.ServerRemoved;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server aggregate belongs to one tenant and refuses every other. */
class ServerTest {

    private static final ServerId SERVER = ServerId.of("s-1");
    private static final TenantId OWNER = TenantId.of("t-owner");
    private static final TenantId OTHER = TenantId.of("t-other");
    private static final ServerRegistered REGISTERED = new ServerRegistered(SERVER, OWNER, "web", ServerKind.SSH,
            "web.example.org", 22, "backup", null);

    private AggregateTestFixture<Server> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Server.class);
    }

    @Test
    void registrationIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new RegisterServerCommand(SERVER, OWNER, "web", ServerKind.SSH, "web.example.org", 22, "backup", null))
                .expectEvents(REGISTERED);
    }

    @Test
    void ownerRemovesItsServer() {
        fixture.given(REGISTERED).when(new RemoveServerCommand(SERVER, OWNER)).expectEvents(new ServerRemoved(SERVER, OWNER));
    }

    @Test
    void anotherTenantIsAnsweredNotFound() {
        fixture.given(REGISTERED).when(new RemoveServerCommand(SERVER, OTHER))
                .expectException(DomainException.class).expectExceptionMessage("The server was not found").expectNoEvents();
    }

    @Test
    void aRemovedServerIsNotFound() {
        fixture.given(REGISTERED, new ServerRemoved(SERVER, OWNER)).when(new RemoveServerCommand(SERVER, OWNER))
                .expectException(DomainException.class).expectNoEvents();
    }
}
