package io.strata.engine.storage.azure;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs Azurite's blob service (the Azure Storage emulator, npm package {@code azurite}) as a
 * separate process on a free loopback port with a fresh workspace:
 * {@code azurite-blob --blobHost 127.0.0.1 --blobPort PORT --location DIR --silent --disableTelemetry
 * --loose --skipApiVersionCheck}. Register it with {@code @RegisterExtension static}.
 *
 * <p>The executable is, in this order: the system property {@code azurite.blob}, the environment
 * variable {@code AZURITE_BLOB}, {@code azurite/node_modules/.bin/azurite-blob} in this module
 * (installed by {@code npm ci --prefix command-side/storage-azure/azurite}), or
 * {@code azurite-blob} on the PATH ({@code npm install -g azurite@3.35.0}). Without one the tests
 * fail, saying how to install it.
 *
 * <p>{@link #stop()} ends the process (SIGTERM, so Azurite writes its metadata) and
 * {@link #start()} starts it again on the same port and workspace, keeping what was stored.
 */
public final class AzuriteExtension implements BeforeAllCallback, AfterAllCallback {
    /** Azurite's well-known development account and key (published in Azurite's documentation). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String INSTALL = "npm ci --prefix command-side/storage-azure/azurite (from the repository root), "
            + "or npm install -g azurite@3.35.0";

    private Path executable;
    private Path workspace;
    private Path log;
    private int port;
    private volatile Process process;
    private Thread shutdownHook;

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        executable = locate();
        workspace = Files.createTempDirectory("azurite");
        log = workspace.resolveSibling(workspace.getFileName() + ".log");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // should the test JVM end without afterAll (a crash, a kill), Azurite must not outlive it
        shutdownHook = new Thread(() -> {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }, "azurite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        start();
    }

    @Override
    public void afterAll(ExtensionContext ctx) throws Exception {
        stop();
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        try (var files = Files.walk(workspace)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(log);
    }

    static Path locate() {
        List<String> tried = new ArrayList<>();
        for (String configured : new String[] {System.getProperty("azurite.blob"), System.getenv("AZURITE_BLOB")}) {
            if (configured != null && !configured.isBlank()) {
                Path p = Path.of(configured);
                if (Files.isExecutable(p)) {
                    return p;
                }
                tried.add(configured);
            }
        }
        Path local = Path.of(System.getProperty("user.dir"), "azurite", "node_modules", ".bin", "azurite-blob");
        if (Files.isExecutable(local)) {
            return local;
        }
        tried.add(local.toString());
        // from another module of the build: the pinned install of this module, found from any directory below the root
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pinned = dir.resolve("command-side/storage-azure/azurite/node_modules/.bin/azurite-blob");
            if (Files.isExecutable(pinned)) {
                return pinned;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, "azurite-blob");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        tried.add("azurite-blob on the PATH");
        throw new IllegalStateException("Azurite (the Azure Storage emulator) is not installed; the Azure backend's "
                + "tests need it. Install it with: " + INSTALL + ". Looked for: " + String.join(", ", tried));
    }

    /** Starts Azurite (again) on its port and workspace and waits until it accepts connections. */
    public synchronized void start() throws Exception {
        if (process != null) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(executable.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                Integer.toString(port), "--location", workspace.toString(), "--silent", "--disableTelemetry",
                "--loose", "--skipApiVersionCheck")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + p.exitValue() + " while starting: "
                        + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("Azurite did not listen on port " + port + " within 60 s: "
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
        process = p;
    }

    /** Ends Azurite: connections in flight are cut, new ones refused. */
    public synchronized void stop() throws Exception {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The blob service endpoint, with the account in the path as Azurite expects. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT);
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    public AzureCredentials sharedKey() {
        return new AzureCredentials.SharedKey(ACCOUNT, KEY, endpoint());
    }
}
