package io.strata.platform.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.backup.CompleteBackupCommand;
import io.strata.kernel.backup.FailBackupAttemptCommand;
import io.strata.kernel.backup.FileProblem;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NUL characters and lone surrogates from outside (stderr, remote file names) never reach an event; everything else is
 * kept.
 */
class StorableCommandTextTest {

    private static final BackupId BACKUP = BackupId.of(UUID.randomUUID().toString());
    private static final TenantId TENANT = TenantId.of(UUID.randomUUID().toString());

    private final StorableCommandText interceptor = new StorableCommandText(new ObjectMapper().findAndRegisterModules());

    @Test
    void nulCharactersInTextAreReplacedAndTheMessageKeepsItsIdentity() {
        CommandMessage<?> sent = GenericCommandMessage.asCommandMessage(new FailBackupAttemptCommand(BACKUP, TENANT, 2,
                        "COMMAND_FAILED", "pg_dump: error\u0000\u0000 at byte 7", true))
                .andMetaData(MetaData.with("tenantId", TENANT.value()));

        CommandMessage<?> dispatched = dispatch(sent);

        assertThat(dispatched.getPayload()).isEqualTo(new FailBackupAttemptCommand(BACKUP, TENANT, 2, "COMMAND_FAILED",
                "pg_dump: error\uFFFD\uFFFD at byte 7", true));
        assertThat(dispatched.getIdentifier()).isEqualTo(sent.getIdentifier());
        assertThat(dispatched.getCommandName()).isEqualTo(sent.getCommandName());
        assertThat(dispatched.getMetaData()).isEqualTo(sent.getMetaData());
    }

    @Test
    void nestedTextIsReplacedToo() {
        CommandMessage<?> sent = GenericCommandMessage.asCommandMessage(new CompleteBackupCommand(BACKUP, TENANT, 1,
                List.of("s1"), BackupStats.NONE,
                List.of(new FileProblem("/srv/ok", FileProblem.Code.UNREADABLE, "denied"),
                        new FileProblem("/srv/a\u0000b", FileProblem.Code.VANISHED, "gone\u0000"))));

        CompleteBackupCommand dispatched = (CompleteBackupCommand) dispatch(sent).getPayload();

        assertThat(dispatched.fileProblems()).containsExactly(
                new FileProblem("/srv/ok", FileProblem.Code.UNREADABLE, "denied"),
                new FileProblem("/srv/a\uFFFDb", FileProblem.Code.VANISHED, "gone\uFFFD"));
        assertThat(dispatched.snapshotIds()).containsExactly("s1");
    }

    @Test
    void loneSurrogatesAreReplacedAndPairsKept() {
        // the engine holds a name's bytes that are not UTF-8 as lone surrogates: PostgreSQL text cannot
        CommandMessage<?> sent = GenericCommandMessage.asCommandMessage(new CompleteBackupCommand(BACKUP, TENANT, 1,
                List.of("s1"), BackupStats.NONE,
                List.of(new FileProblem("/srv/r\uDCE9sum\uDCE9", FileProblem.Code.UNREADABLE, "denied \uD83D\uDE00"))));

        CompleteBackupCommand dispatched = (CompleteBackupCommand) dispatch(sent).getPayload();

        assertThat(dispatched.fileProblems()).containsExactly(
                new FileProblem("/srv/r\uFFFDsum\uFFFD", FileProblem.Code.UNREADABLE, "denied \uD83D\uDE00"));
    }

    @Test
    void aCommandWithoutNulIsPassedOnUntouched() {
        CommandMessage<?> sent = GenericCommandMessage.asCommandMessage(new FailBackupAttemptCommand(BACKUP, TENANT, 1,
                "SERVER_UNREACHABLE", "connection refused", true));
        assertThat(dispatch(sent)).isSameAs(sent);
    }

    private CommandMessage<?> dispatch(CommandMessage<?> message) {
        return interceptor.handle(List.of(message)).apply(0, message);
    }
}
