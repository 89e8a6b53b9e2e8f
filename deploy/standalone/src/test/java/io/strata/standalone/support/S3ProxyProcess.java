package io.strata.standalone.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy (an S3 API server) in a JVM of its own, on loopback, storing objects in a directory so that they
 * survive a stop and start. Its own Jetty cannot share a class path with the platform's Tomcat, hence the
 * separate process; its class path is the one the storage-s3 module's build writes.
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String ACCESS_KEY = "strata-e2e-access";
    public static final String SECRET_KEY = "strata-e2e-secret-0123456789";

    private final int port;
    private final Path directory;
    private final String classPath;
    private Process process;

    public S3ProxyProcess() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        this.directory = Files.createTempDirectory("s3proxy");
        Files.createDirectories(directory.resolve("blobs"));
        Path file = null;
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("command-side/storage-s3/target/s3proxy.classpath");
            if (Files.exists(candidate)) {
                file = candidate;
                break;
            }
        }
        if (file == null) {
            throw new IllegalStateException("S3Proxy's class path is missing: build command-side/storage-s3 first"
                    + " (./mvnw -pl command-side/storage-s3 -am test-compile)");
        }
        this.classPath = Files.readString(file).strip();
        Files.writeString(directory.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + directory.resolve("blobs"),
                ""));
        // without a configuration of its own, S3Proxy's logback logs every request and buffer at DEBUG
        Files.writeString(directory.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %level %logger %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """);
    }

    public synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dlogback.configurationFile=" + directory.resolve("logback.xml"), "-cp", classPath, "org.gaul.s3proxy.Main", "--properties", directory.resolve("s3proxy.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited while starting: " + Files.readString(directory.resolve("s3proxy.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not listen within 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the server at once, as an outage would; objects stay on disk for the next start. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
