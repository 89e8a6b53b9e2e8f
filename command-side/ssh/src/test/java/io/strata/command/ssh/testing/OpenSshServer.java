package io.strata.command.ssh.testing;

import io.strata.command.ssh.ClientKey;
import io.strata.command.ssh.SshEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd}) on 127.0.0.1 and a free high port, with its own
 * host key, configuration, authorized_keys and pid file in a temporary directory. Logins are
 * as the user running the tests (root here and in CI) with public keys only; SFTP is OpenSSH's
 * {@code internal-sftp}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OpenSshServer SSHD = new OpenSshServer();
 * ...
 * SSHD.authorize(key);
 * connector.connect(SSHD.endpoint(), key, HostKeyPolicy.pinned(SSHD.hostKeyFingerprint()));
 * }</pre>
 *
 * Used as a JUnit 5 extension it starts before the class's tests and stops after them; it can
 * also be driven by hand ({@link #start}, {@link #close}). Without sshd installed it fails (never
 * skips) and says how to install it.
 */
public final class OpenSshServer implements SshTestServer, BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final String HOST = "127.0.0.1";

    /** Channels per connection: many, for tests that open several sources on one connection. */
    private final int maxSessions;
    private Path dir;
    private int port;
    private Process process;
    private Thread shutdownHook;

    public OpenSshServer() {
        this(128);
    }

    private OpenSshServer(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** A server allowing {@code n} channels per connection (OpenSSH's default is 10). */
    public static OpenSshServer withMaxSessions(int n) {
        return new OpenSshServer(n);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Creates the directory, host key and configuration, and starts sshd; waits until it listens. */
    public synchronized void start() throws IOException {
        if (process != null) {
            return;
        }
        if (!Files.isExecutable(SSHD) || !Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            throw new IllegalStateException("OpenSSH server not installed (" + SSHD + " missing): run "
                    + "'apt-get install -y openssh-server' (Debian) to run these tests");
        }
        if (dir == null) {
            dir = Files.createTempDirectory("strata-sshd-");
            Files.writeString(dir.resolve("authorized_keys"), "");
            generateHostKey();
            port = freePort();
        }
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        Files.writeString(dir.resolve("sshd_config"), String.join("\n", List.of(
                "Port " + port,
                "ListenAddress " + HOST,
                "HostKey " + dir.resolve("host_ecdsa"),
                "HostKey " + dir.resolve("host_ed25519"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PidFile " + dir.resolve("sshd.pid"),
                "UsePAM no",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "MaxSessions " + maxSessions,
                "MaxStartups 100:30:200",
                "PrintMotd no",
                "LogLevel ERROR",
                "Subsystem sftp internal-sftp",
                "")));
        ProcessBuilder pb = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()));
        process = pb.start();
        if (shutdownHook == null) {
            // a test JVM that is killed or exits early must not leave sshd running
            shutdownHook = new Thread(this::stopProcess, "strata-sshd-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            if (!process.isAlive()) {
                String log = Files.readString(dir.resolve("sshd.log"));
                int status = process.exitValue();
                process = null;
                throw new IOException("sshd exited at start with status " + status + ": " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IOException("sshd did not listen on " + HOST + ":" + port + " within 15 s");
                }
                sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** Host keys like a Debian server's (ECDSA listed first in sshd_config, Ed25519 second). */
    private void generateHostKey() throws IOException {
        for (String type : List.of("ed25519", "ecdsa")) {
            Files.deleteIfExists(dir.resolve("host_" + type));
            Files.deleteIfExists(dir.resolve("host_" + type + ".pub"));
            run("/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "", "-C", "strata-test-host", "-f",
                    dir.resolve("host_" + type).toString());
        }
    }

    /** The ECDSA host key's fingerprint (offered too, preferred by MINA's defaults). */
    public String ecdsaHostKeyFingerprint() throws IOException {
        String out = run("/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_ecdsa.pub").toString());
        return out.trim().split("\\s+")[1];
    }

    /** Replaces the host keys with new ones and restarts sshd on the same port. */
    @Override
    public synchronized void regenerateHostKey() throws IOException {
        stopProcess();
        generateHostKey();
        start();
    }

    /**
     * The Ed25519 host key's fingerprint as {@code ssh-keygen -lf} prints it ({@code SHA256:…}): the
     * key clients pin (the server also has an ECDSA key, which they do not prefer).
     */
    @Override
    public String hostKeyFingerprint() throws IOException {
        String out = run("/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_ed25519.pub").toString());
        return out.trim().split("\\s+")[1];
    }

    /** Adds the key to authorized_keys. */
    @Override
    public void authorize(ClientKey key) throws IOException {
        authorize(key.openSshPublicKey("strata-test"));
    }

    /** Adds an {@code authorized_keys} line. */
    public synchronized void authorize(String authorizedKeysLine) throws IOException {
        Files.writeString(dir.resolve("authorized_keys"), authorizedKeysLine.strip() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The user the server lets in: the one running the tests. */
    public String user() {
        return System.getProperty("user.name");
    }

    @Override
    public SshEndpoint endpoint() {
        return new SshEndpoint(HOST, port, user());
    }

    @Override
    public boolean isOpenSsh() {
        return true;
    }

    @Override
    public String toString() {
        return "OpenSSH";
    }

    /** The server's temporary directory (config, keys, log). */
    public Path directory() {
        return dir;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    private void stopProcess() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        p.destroy(); // SIGTERM: the listener exits; open sessions keep their own processes
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // wait until the port is free again so a restart can bind it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(HOST, port));
                return;
            } catch (IOException stillBound) {
                sleep(50);
            }
        }
    }

    /** Kills the per-connection sshd processes; the listener stays up for new connections. */
    @Override
    public synchronized void dropConnections() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> sessions = p.toHandle().children().toList();
        sessions.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : sessions) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("sshd session " + h.pid() + " did not exit", e);
            }
        }
    }

    /** Stops sshd and deletes its directory. */
    @Override
    public synchronized void close() {
        stopProcess();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran
            }
            shutdownHook = null;
        }
        if (dir != null) {
            deleteTree(dir);
            dir = null;
        }
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort for a temporary directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command[0]);
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
