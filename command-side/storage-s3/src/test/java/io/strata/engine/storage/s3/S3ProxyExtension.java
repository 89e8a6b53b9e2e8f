package io.strata.engine.storage.s3;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.domain.Location;
import org.jclouds.rest.AuthorizationException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real S3Proxy (S3 API over jclouds' in-memory {@code transient} blob store) in this JVM on
 * a free loopback port, configured through S3Proxy's own properties ({@code s3proxy.endpoint},
 * {@code s3proxy.authorization=aws-v2-or-v4}, {@code s3proxy.identity}, {@code s3proxy.credential},
 * and for TLS {@code s3proxy.secure-endpoint}, {@code s3proxy.keystore-path},
 * {@code s3proxy.keystore-password}). Register it with {@code @RegisterExtension static}.
 *
 * <p>Two identities are known: {@link #ACCESS_KEY} may do everything; {@link #LIMITED_ACCESS_KEY}
 * sees the same store but is refused bucket creation (S3Proxy answers 403 AccessDenied), as an
 * S3 user whose policy lacks {@code s3:CreateBucket} would be.
 *
 * <p>{@link #stop()} and {@link #start()} stop and restart the server on the same port; the
 * stored objects survive (they live in the blob store, not in the HTTP server).
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {
    public static final String ACCESS_KEY = "strata-test-access";
    public static final String SECRET_KEY = "strata-test-secret-0123456789";
    public static final String LIMITED_ACCESS_KEY = "strata-limited-access";
    public static final String LIMITED_SECRET_KEY = "strata-limited-secret-0123456789";

    private final boolean tls;
    private UnaryOperator<BlobStore> instrument = UnaryOperator.identity();
    private BlobStoreContext context;
    private BlobStore store;
    private S3Proxy proxy;
    private int port;
    private Path keyStoreDir;
    private String caPem;

    public S3ProxyExtension() {
        this(false);
    }

    private S3ProxyExtension(boolean tls) {
        this.tls = tls;
    }

    /** An S3Proxy that serves https only, with a certificate signed by a fresh self-signed CA. */
    public static S3ProxyExtension withTls() {
        return new S3ProxyExtension(true);
    }

    /** Wraps the blob store S3Proxy serves, e.g. to watch requests arrive; set before the server starts. */
    public S3ProxyExtension instrumented(UnaryOperator<BlobStore> wrapper) {
        this.instrument = wrapper;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        Properties jclouds = new Properties();
        context = ContextBuilder.newBuilder("transient").credentials(ACCESS_KEY, SECRET_KEY).overrides(jclouds)
                .build(BlobStoreContext.class);
        store = context.getBlobStore();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        if (tls) {
            keyStoreDir = Files.createTempDirectory("s3proxy-tls");
            caPem = TestCertificates.createServerKeyStore(keyStoreDir.resolve("server.p12"), "changeit");
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext ctx) throws Exception {
        stop();
        context.close();
        if (keyStoreDir != null) {
            try (var files = Files.walk(keyStoreDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Starts (or restarts) the server on its port. */
    public synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        Properties p = new Properties();
        if (tls) {
            p.setProperty("s3proxy.secure-endpoint", "https://127.0.0.1:" + port);
            p.setProperty("s3proxy.keystore-path", keyStoreDir.resolve("server.p12").toString());
            p.setProperty("s3proxy.keystore-password", "changeit");
        } else {
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        }
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        BlobStore served = instrument.apply(store);
        BlobStore limited = new NoBucketCreation(served);
        S3Proxy s = S3Proxy.Builder.fromProperties(p).blobStore(served).build();
        s.setBlobStoreLocator((identity, container, blob) -> switch (identity) {
            case ACCESS_KEY -> new AbstractMap.SimpleEntry<>(SECRET_KEY, served);
            case LIMITED_ACCESS_KEY -> new AbstractMap.SimpleEntry<>(LIMITED_SECRET_KEY, limited);
            default -> null;
        });
        s.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!"STARTED".equals(s.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + s.getState());
            }
            Thread.sleep(10);
        }
        proxy = s;
    }

    /** Stops the server: connections in flight are cut, new ones refused. */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public URI endpoint() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port);
    }

    /** PEM of the CA that signed the TLS server certificate (TLS servers only). */
    public String caPem() {
        return caPem;
    }

    /** The blob store behind the server, for tests that inspect it directly. */
    public BlobStore blobStore() {
        return store;
    }

    /**
     * Refuses bucket creation the way jclouds' filesystem store reports a denied permission (an
     * AuthorizationException caused by AccessDeniedException), which S3Proxy answers with 403 AccessDenied.
     */
    private static final class NoBucketCreation extends ForwardingBlobStore {
        NoBucketCreation(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public boolean createContainerInLocation(Location location, String container) {
            throw new AuthorizationException("this identity may not create buckets",
                    new java.nio.file.AccessDeniedException(container));
        }

        @Override
        public boolean createContainerInLocation(Location location, String container,
                org.jclouds.blobstore.options.CreateContainerOptions options) {
            throw new AuthorizationException("this identity may not create buckets",
                    new java.nio.file.AccessDeniedException(container));
        }
    }
}
