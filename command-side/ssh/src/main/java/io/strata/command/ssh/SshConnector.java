package io.strata.command.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.future.CancelOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.session.SessionHeartbeatController;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;

/**
 * Opens authenticated SSH connections to backed-up servers. One connector (one MINA client with its
 * I/O threads) serves any number of connections; the platform keeps one and closes it at shutdown.
 *
 * <pre>{@code
 * try (SshConnector ssh = new SshConnector(SshSettings.defaults());
 *      SshConnection c = ssh.connect(new SshEndpoint("db1.example.com", 22, "backup"),
 *              ClientKey.fromPkcs8(tenantKeyDer), HostKeyPolicy.pinned("SHA256:…"));
 *      SftpSource source = c.openSource(SftpSourceOptions.defaults())) {
 *     new Archiver(repository, source).backup(BackupRequest.full(List.of("/etc"), "db1").withWorkers(16));
 * }
 * }</pre>
 *
 * <p>Every failure is an {@link SshException} with a stable {@link SshErrorCode}; a host key other
 * than the pinned one is a {@link HostKeyMismatchException} carrying both fingerprints.
 * Only public key authentication is attempted; no local files ({@code ~/.ssh}) are consulted.
 */
public final class SshConnector implements AutoCloseable {
    private static final AttributeRepository.AttributeKey<HostKeyCheck> HOST_KEY_CHECK = new AttributeRepository.AttributeKey<>();
    /** Host key algorithms accepted, in order of preference. */
    static final List<String> HOST_KEY_ALGORITHMS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");

    private final SshSettings settings;
    private final SshClient client;

    public SshConnector(SshSettings settings) {
        this.settings = settings;
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier((session, remote, key) -> {
            HostKeyCheck check = session.getConnectionContext() == null ? null
                    : session.getConnectionContext().getAttribute(HOST_KEY_CHECK);
            return check != null && check.verify(key);
        });
        c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.setAgentFactory(null);
        c.setUserAuthFactories(List.<UserAuthFactory>of(UserAuthPublicKeyFactory.INSTANCE));
        List<NamedFactory<Cipher>> ciphers = new ArrayList<>();
        for (String name : settings.ciphers()) {
            ciphers.add(BuiltinCiphers.fromFactoryName(name));
        }
        c.setCipherFactories(ciphers);
        // host key algorithms in OpenSSH's order (Ed25519 first, MINA's default puts ECDSA first), without
        // certificates (keys are pinned, not signed by a CA): the fingerprint pinned on first use is then
        // the one `ssh` and `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` show an operator
        List<NamedFactory<Signature>> signatures = new ArrayList<>();
        for (String name : HOST_KEY_ALGORITHMS) {
            for (NamedFactory<Signature> f : c.getSignatureFactories()) {
                if (f.getName().equals(name)) {
                    signatures.add(f);
                }
            }
        }
        c.setSignatureFactories(signatures);
        CoreModuleProperties.WINDOW_SIZE.set(c, settings.windowSize());
        CoreModuleProperties.MAX_PACKET_SIZE.set(c, (long) settings.packetSize());
        CoreModuleProperties.IDLE_TIMEOUT.set(c, settings.idleTimeout());
        // SFTP and the command loops are request/response: with Nagle's algorithm a small request written while an
        // earlier segment is unacknowledged waits for the server's delayed acknowledgement (tens of milliseconds);
        // one 1 GB file read with 4 READs in flight took 22 s that way, 4.8 s without (OpenSSH sets it for sessions)
        CoreModuleProperties.TCP_NODELAY.set(c, true);
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(c, settings.requestTimeout());
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(c, settings.requestTimeout());
        if (!settings.heartbeatInterval().isZero()) {
            c.setSessionHeartbeat(SessionHeartbeatController.HeartbeatType.IGNORE, settings.heartbeatInterval());
        }
        c.start();
        this.client = c;
    }

    public SshSettings settings() {
        return settings;
    }

    /**
     * Connects and authenticates with the key. The host key is checked against the policy before
     * the key is offered.
     *
     * @throws HostKeyMismatchException the server's host key is not the pinned one
     * @throws SshException with {@link SshErrorCode} for every other failure
     */
    public SshConnection connect(SshEndpoint endpoint, ClientKey key, HostKeyPolicy policy) throws SshException {
        Session s = openSession(endpoint, key, policy);
        return new SshConnection(this, endpoint, key, s.session(), s.fingerprint());
    }

    /**
     * Connects, authenticates, opens SFTP and reads the home directory, then disconnects. Never
     * throws for a failure of the server: the result says what happened.
     */
    public ConnectionTest testConnection(SshEndpoint endpoint, ClientKey key, HostKeyPolicy policy) {
        HostKeyCheck[] seen = new HostKeyCheck[1];
        try (SshConnection c = connect(endpoint, key, policy, seen)) {
            String home;
            try (SftpChannel ch = SftpChannel.open(c.session(), settings.requestTimeout(), endpoint.toString())) {
                home = ch.realPath(".");
            }
            return new ConnectionTest(true, c.hostKeyFingerprint(), c.serverVersion(), home,
                    "connected to " + endpoint + " (" + c.serverVersion() + "), SFTP home " + home, null, false);
        } catch (HostKeyMismatchException e) {
            return new ConnectionTest(false, e.presentedFingerprint(), null, null, e.getMessage(), e.code(), e.retryable());
        } catch (SshException e) {
            String presented = seen[0] == null ? null : seen[0].presented;
            return new ConnectionTest(false, presented, null, null, e.getMessage(), e.code(), e.retryable());
        } catch (IOException e) {
            return new ConnectionTest(false, seen[0] == null ? null : seen[0].presented, null, null,
                    "SSH_CONNECTION_LOST: " + e.getMessage(), SshErrorCode.SSH_CONNECTION_LOST, true);
        }
    }

    private SshConnection connect(SshEndpoint endpoint, ClientKey key, HostKeyPolicy policy, HostKeyCheck[] seen)
            throws SshException {
        Session s = openSession(endpoint, key, policy, seen);
        return new SshConnection(this, endpoint, key, s.session(), s.fingerprint());
    }

    record Session(ClientSession session, String fingerprint) {
    }

    Session openSession(SshEndpoint endpoint, ClientKey key, HostKeyPolicy policy) throws SshException {
        return openSession(endpoint, key, policy, new HostKeyCheck[1]);
    }

    private Session openSession(SshEndpoint endpoint, ClientKey key, HostKeyPolicy policy, HostKeyCheck[] seen)
            throws SshException {
        if (client.isClosed() || client.isClosing()) {
            throw new IllegalStateException("SSH connector is closed");
        }
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        InetAddress[] addresses = resolve(endpoint);
        SshException last = null;
        for (InetAddress address : addresses) {
            HostKeyCheck check = new HostKeyCheck(policy);
            seen[0] = check;
            try {
                return openSession(endpoint, new InetSocketAddress(address, endpoint.port()), key, check, deadline);
            } catch (SshException e) {
                last = e;
                // another address of the name may answer; any other failure is the server's answer
                if (e.code() != SshErrorCode.SSH_CONNECTION_REFUSED && e.code() != SshErrorCode.SSH_UNREACHABLE) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private InetAddress[] resolve(SshEndpoint endpoint) throws SshException {
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("strata-ssh-resolve").start(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(endpoint.host()));
            } catch (Throwable t) {
                lookup.completeExceptionally(t);
            }
        });
        try {
            return lookup.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SshException(SshErrorCode.SSH_TIMEOUT, "resolving " + endpoint.host() + " took longer than "
                    + settings.connectTimeout(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw new SshException(SshErrorCode.SSH_UNKNOWN_HOST, "unknown host " + endpoint.host(), u);
            }
            throw new SshException(SshErrorCode.SSH_UNKNOWN_HOST, "cannot resolve " + endpoint.host() + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException(SshErrorCode.SSH_TIMEOUT, "interrupted resolving " + endpoint.host(), e);
        }
    }

    private Session openSession(SshEndpoint endpoint, InetSocketAddress address, ClientKey key, HostKeyCheck check,
            long connectDeadline) throws SshException {
        String where = endpoint.toString();
        ConnectFuture cf;
        try {
            cf = client.connect(endpoint.username(), address, AttributeRepository.ofKeyValuePair(HOST_KEY_CHECK, check),
                    null);
            Duration left = Duration.ofNanos(Math.max(1_000_000, connectDeadline - System.nanoTime()));
            if (!cf.await(left, CancelOption.CANCEL_ON_TIMEOUT)) {
                throw new SshException(SshErrorCode.SSH_TIMEOUT, "connecting to " + where + " (" + address.getAddress()
                        .getHostAddress() + ") timed out after " + settings.connectTimeout());
            }
        } catch (SshException e) {
            throw e;
        } catch (IOException e) {
            throw classify(e, where, "connecting to");
        }
        if (!cf.isConnected()) {
            Throwable t = cf.getException();
            throw classify(t, where, "connecting to");
        }
        ClientSession session = cf.getSession();
        boolean ok = false;
        try {
            session.addPublicKeyIdentity(key.keyPair());
            AuthFuture af = session.auth();
            boolean done = af.await(settings.authTimeout(), CancelOption.CANCEL_ON_TIMEOUT);
            check.throwIfMismatch(endpoint);
            if (!done) {
                throw new SshException(SshErrorCode.SSH_TIMEOUT, "no SSH handshake and authentication with " + where
                        + " within " + settings.authTimeout()
                        + (check.presented == null ? " (the server sent no SSH key exchange)" : ""));
            }
            if (!af.isSuccess()) {
                throw classifyAuth(af.getException(), session, where, check);
            }
            ok = true;
            return new Session(session, check.presented);
        } catch (SshException e) {
            throw e;
        } catch (IOException e) {
            check.throwIfMismatch(endpoint);
            throw classifyAuth(e, session, where, check);
        } finally {
            if (!ok) {
                session.close(true);
            }
        }
    }

    private static SshException classifyAuth(Throwable t, ClientSession session, String where, HostKeyCheck check) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof org.apache.sshd.common.SshException se
                    && se.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                return new SshException(SshErrorCode.SSH_AUTH_FAILED, "the server " + where
                        + " did not accept the key for user " + session.getUsername(), t);
            }
        }
        if (t == null && check.presented != null) {
            return new SshException(SshErrorCode.SSH_AUTH_FAILED, "the server " + where
                    + " did not accept the key for user " + session.getUsername());
        }
        return classify(t, where, "authenticating with");
    }

    /** Maps a connect-time exception (anywhere in its cause chain) to a code. */
    static SshException classify(Throwable t, String where, String doing) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return new SshException(SshErrorCode.SSH_UNKNOWN_HOST, "unknown host in " + where, t);
            }
            if (c instanceof NoRouteToHostException || msg.contains("no route to host")
                    || msg.contains("network is unreachable") || msg.contains("host is unreachable")) {
                return new SshException(SshErrorCode.SSH_UNREACHABLE, doing + " " + where + ": " + c.getMessage(), t);
            }
            if (c instanceof ConnectException || msg.contains("connection refused")) {
                return new SshException(SshErrorCode.SSH_CONNECTION_REFUSED, doing + " " + where
                        + ": connection refused (is sshd running on that port?)", t);
            }
            if (c instanceof TimeoutException || c instanceof SocketTimeoutException
                    || c instanceof InterruptedByTimeoutException || msg.contains("timed out")) {
                return new SshException(SshErrorCode.SSH_TIMEOUT, doing + " " + where + " timed out", t);
            }
            if (c instanceof org.apache.sshd.common.SshException se) {
                int code = se.getDisconnectCode();
                if (code == SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED
                        || code == SshConstants.SSH2_DISCONNECT_PROTOCOL_ERROR
                        || code == SshConstants.SSH2_DISCONNECT_PROTOCOL_VERSION_NOT_SUPPORTED
                        || code == SshConstants.SSH2_DISCONNECT_MAC_ERROR) {
                    return new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, doing + " " + where + ": " + se.getMessage(), t);
                }
            }
            if (msg.contains("identification") || msg.contains("unable to negotiate")
                    || msg.contains("no common") || msg.contains("protocol")) {
                return new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, doing + " " + where + ": " + c.getMessage(), t);
            }
        }
        String msg = t == null ? "connection closed" : t.getMessage();
        return new SshException(SshErrorCode.SSH_CONNECTION_LOST, doing + " " + where + " failed: " + msg, t);
    }

    /** The host key decision of one connection attempt, and what the server presented. */
    static final class HostKeyCheck {
        private final HostKeyPolicy policy;
        volatile String presented;
        volatile boolean mismatch;

        HostKeyCheck(HostKeyPolicy policy) {
            this.policy = policy;
        }

        boolean verify(PublicKey key) {
            String fp = HostKeyFingerprints.of(key);
            presented = fp;
            if (policy instanceof HostKeyPolicy.Pinned p && !p.fingerprint().equals(fp)) {
                mismatch = true;
                return false;
            }
            return true;
        }

        void throwIfMismatch(SshEndpoint endpoint) throws HostKeyMismatchException {
            if (mismatch && policy instanceof HostKeyPolicy.Pinned p) {
                throw new HostKeyMismatchException(endpoint.host(), endpoint.port(), p.fingerprint(), presented);
            }
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
