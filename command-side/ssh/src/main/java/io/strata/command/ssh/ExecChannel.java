package io.strata.command.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The one way an exec channel is opened on a connection (tar, the loops, commands, and the kill that
 * stops them; sources and outputs choose the connection through {@link ExecSessions}), so that every
 * failure to start something on a server is reported the same way:
 * <ul>
 *   <li>the connection is gone, closing, or does not answer the open within the timeout:
 *       {@link SshErrorCode#SSH_CONNECTION_LOST} (the run may be retried);</li>
 *   <li>the server answers but refuses the channel or the command, or the connection, still up,
 *       fails the open: {@link SshErrorCode#SSH_COMMAND_FAILED}.</li>
 * </ul>
 * The exec request wants a reply, so a server that refuses to run the command closes the channel
 * instead of leaving it open and silent.
 */
final class ExecChannel {
    private ExecChannel() {
    }

    /**
     * Opens a channel running {@code command}, its stderr going to {@code stderr}.
     *
     * @param what what is being started, for messages ("tar", "a command")
     * @param where the server, for messages
     */
    static ChannelExec open(ClientSession session, String command, OutputStream stderr, Duration timeout, String what,
            String where) throws SshException {
        ChannelExec ch = null;
        try {
            ch = session.createExecChannel(command);
            CoreModuleProperties.REQUEST_EXEC_REPLY.set(ch, true);
            ch.setErr(stderr);
            OpenFuture f = ch.open();
            if (!f.await(timeout)) {
                throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "starting " + what + " on " + where
                        + " timed out after " + timeout);
            }
            if (!f.isOpened()) {
                Throwable t = f.getException();
                if (!session.isOpen()) {
                    throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "connection to " + where + " closed", t);
                }
                throw new SshException(SshErrorCode.SSH_COMMAND_FAILED, "server " + where + " refused to run " + what
                        + (t == null ? "" : ": " + t.getMessage()), t);
            }
            ChannelExec opened = ch;
            ch = null;
            return opened;
        } catch (SshException e) {
            throw e;
        } catch (IOException e) {
            throw new SshException(session.isOpen() ? SshErrorCode.SSH_COMMAND_FAILED : SshErrorCode.SSH_CONNECTION_LOST,
                    "cannot start " + what + " on " + where + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) { // MINA refuses new channels on a closing session
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "connection to " + where + " closed: "
                    + e.getMessage(), e);
        } finally {
            if (ch != null) {
                ch.close(true);
            }
        }
    }
}
