package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.TestKeys;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exec channels on a server that allows one channel per connection (OpenSSH's {@code MaxSessions 1}): past the
 * first, they open on further connections of the same login, as many as {@link ExecSessions#MAX_EXTRA_CONNECTIONS}
 * allows, and close with it; an SFTP source there gets the one channel the server grants.
 */
class ExecSessionsTest {
    @RegisterExtension
    static final OpenSshServer ONE_CHANNEL = OpenSshServer.withMaxSessions(1);
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @BeforeAll
    static void authorize() throws Exception {
        ONE_CHANNEL.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
    }

    static SshConnection connect() throws Exception {
        return CONNECTOR.connect(ONE_CHANNEL.endpoint(), KEY, HostKeyPolicy.pinned(ONE_CHANNEL.hostKeyFingerprint()));
    }

    /** A command that runs until its stdin closes, holding its channel. */
    static ChannelExec holding(ExecSessions sessions) throws SshException {
        return sessions.open("cat > /dev/null", OutputStream.nullOutputStream(), TIMEOUT, "cat", "test");
    }

    /** {@link #holding}, asked again for a few seconds while refused: sshd frees a closed channel's slot in its own time. */
    static ChannelExec holdingOnceFreed(ExecSessions sessions) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return holding(sessions);
            } catch (SshException e) {
                if (!ExecSessions.channelRefused(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aChannelRefusedOnTheConnectionOpensOnAnotherUpToTheLimitAndTheyCloseTogether() throws Exception {
        try (SshConnection c = connect()) {
            ExecSessions sessions = ExecSessions.overflowingTo(c.session(),
                    () -> CONNECTOR.openSession(ONE_CHANNEL.endpoint(), KEY,
                            HostKeyPolicy.pinned(ONE_CHANNEL.hostKeyFingerprint())).session());
            List<ChannelExec> open = new ArrayList<>();
            for (int i = 0; i <= ExecSessions.MAX_EXTRA_CONNECTIONS; i++) {
                open.add(holding(sessions));
            }
            assertThat(sessions.extraConnections()).isEqualTo(ExecSessions.MAX_EXTRA_CONNECTIONS);
            assertThat(open).allMatch(ChannelExec::isOpen);

            SshException refused = catchThrowableOfType(SshException.class, () -> holding(sessions));
            assertThat(refused.code()).isEqualTo(SshErrorCode.SSH_COMMAND_FAILED);
            assertThat(ExecSessions.channelRefused(refused)).isTrue();

            // a channel closed on an extra connection makes room there again
            ChannelExec last = open.removeLast();
            last.close(false).await(TIMEOUT);
            last.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            open.add(holdingOnceFreed(sessions));
            assertThat(sessions.extraConnections()).isEqualTo(ExecSessions.MAX_EXTRA_CONNECTIONS);

            sessions.close();
            for (ChannelExec ch : open.subList(1, open.size())) { // the extra connections' channels end with them
                ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                assertThat(ch.isClosed()).isTrue();
            }
            assertThat(open.getFirst().isOpen()).isTrue(); // the first connection is the caller's
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void withoutFurtherConnectionsARefusedChannelIsReported() throws Exception {
        try (SshConnection c = connect()) {
            ExecSessions sessions = ExecSessions.of(c.session());
            ChannelExec held = holding(sessions);
            SshException refused = catchThrowableOfType(SshException.class, () -> holding(sessions));
            assertThat(refused.code()).isEqualTo(SshErrorCode.SSH_COMMAND_FAILED);
            assertThat(refused).hasMessageContaining("refused to run cat");
            assertThat(sessions.extraConnections()).isZero();
            held.close(true);
        }
    }

    @Test
    void noFurtherConnectionIsOpenedOnceANewOneRefusedItsFirstChannel() throws Exception {
        try (SshConnection c = connect()) {
            AtomicInteger connects = new AtomicInteger();
            // the "new" connection is the full first one: it refuses its first channel, as a server limiting
            // something other than channels per connection would
            ExecSessions sessions = ExecSessions.overflowingTo(c.session(), () -> {
                connects.incrementAndGet();
                return c.session();
            });
            ChannelExec held = holding(sessions);
            for (int i = 0; i < 3; i++) {
                SshException refused = catchThrowableOfType(SshException.class, () -> holding(sessions));
                assertThat(ExecSessions.channelRefused(refused)).isTrue();
            }
            assertThat(connects).hasValue(1);
            held.close(true);
        }
    }

    @Test
    void aSourceGetsTheSftpChannelsTheServerGrantsAndListsThroughFindBesideThem() throws Exception {
        try (SshConnection c = connect(); SftpSource source = c.openSource()) {
            assertThat(source.channelCount()).isEqualTo(1);
            assertThat(source.list("/")).isNotEmpty();
            assertThat(source.listsThroughFind()).isTrue();
            assertThat(source.extraConnections()).isEqualTo(2); // the find loop and the attributes' perl, one each
        }
    }
}
