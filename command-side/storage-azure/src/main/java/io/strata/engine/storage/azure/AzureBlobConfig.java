package io.strata.engine.storage.azure;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to keep one repository in an Azure Blob container. Holds no secrets (see
 * {@link AzureCredentials}). Build with {@link #builder(String)}.
 *
 * @param container             the container (3-63 of a-z 0-9 -)
 * @param prefix                blob name prefix inside the container, without leading or trailing slash
 *                              (empty: the container's root); e.g. {@code strata/<tenantId>}
 * @param blockSize             block size for staged uploads
 * @param singleUploadThreshold blobs up to this size are uploaded with one Put Blob; larger ones as blocks
 *                              staged in parallel and committed with one Put Block List
 * @param blockConcurrency      blocks of one blob uploaded at once
 * @param maxConcurrentRequests storage operations in flight at once, across all calling threads (a large
 *                              upload counts as {@code blockConcurrency}); further callers wait
 * @param maxTries              attempts per HTTP request by the SDK's retry policy (exponential backoff)
 * @param tryTimeout            longest time one attempt of one HTTP request may take
 * @param retryDelay            first backoff of the SDK's retry policy
 * @param maxRetryDelay         longest backoff of the SDK's retry policy
 * @param connectTimeout        TCP and TLS connect timeout
 * @param ioTimeout             longest wait for the next bytes while reading or writing, and for a response
 * @param createContainer       whether {@link AzureBlobStorage#ensureContainer()} may create a missing container
 * @param immutability          version-level immutability for new blobs, or null for none
 */
public record AzureBlobConfig(String container, String prefix, long blockSize, long singleUploadThreshold,
        int blockConcurrency, int maxConcurrentRequests, int maxTries, Duration tryTimeout, Duration retryDelay,
        Duration maxRetryDelay, Duration connectTimeout, Duration ioTimeout, boolean createContainer,
        AzureImmutability immutability) {

    public static final long DEFAULT_BLOCK_SIZE = 8L * 1024 * 1024;
    /** 32 MiB: packs (~16 MiB) are single Put Blob requests. */
    public static final long DEFAULT_SINGLE_UPLOAD_THRESHOLD = 32L * 1024 * 1024;
    /** Put Blob accepts at most 5000 MiB; a block at most 4000 MiB. */
    static final long MAX_SINGLE_UPLOAD = 5000L * 1024 * 1024;
    static final long MAX_BLOCK = 4000L * 1024 * 1024;

    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

    public AzureBlobConfig {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(tryTimeout, "tryTimeout");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(ioTimeout, "ioTimeout");
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("not a valid Azure container name (3-63 of a-z 0-9 -, no '--'): "
                    + container);
        }
        prefix = normalizePrefix(prefix);
        if (blockSize < 1 || blockSize > MAX_BLOCK) {
            throw new IllegalArgumentException("block size must be 1 B .. 4000 MiB: " + blockSize);
        }
        if (singleUploadThreshold < 0 || singleUploadThreshold > MAX_SINGLE_UPLOAD) {
            throw new IllegalArgumentException("single upload threshold must be 0 .. 5000 MiB: " + singleUploadThreshold);
        }
        if (blockConcurrency < 1 || maxConcurrentRequests < 1 || maxTries < 1) {
            throw new IllegalArgumentException("concurrency limits and tries must be >= 1");
        }
        if (blockConcurrency > maxConcurrentRequests) {
            throw new IllegalArgumentException("block concurrency cannot exceed the request limit");
        }
        for (Duration d : new Duration[] {tryTimeout, retryDelay, maxRetryDelay, connectTimeout, ioTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive");
            }
        }
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("maxRetryDelay must be at least retryDelay");
        }
    }

    static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || ".".equals(segment) || "..".equals(segment)) {
                throw new IllegalArgumentException("blob name prefix has an empty, '.' or '..' segment: " + prefix);
            }
        }
        return p;
    }

    public static Builder builder(String container) {
        return new Builder(container);
    }

    /** Defaults: no prefix, 8 MiB blocks above 32 MiB, 4 blocks at once, 16 operations at once, SDK retries:
     *  4 tries, exponential from 0.5 s to 10 s, 120 s per try; 10 s connect, 60 s I/O timeout; container
     *  created when missing; no immutability. */
    public static final class Builder {
        private final String container;
        private String prefix = "";
        private long blockSize = DEFAULT_BLOCK_SIZE;
        private long singleUploadThreshold = DEFAULT_SINGLE_UPLOAD_THRESHOLD;
        private int blockConcurrency = 4;
        private int maxConcurrentRequests = 16;
        private int maxTries = 4;
        private Duration tryTimeout = Duration.ofSeconds(120);
        private Duration retryDelay = Duration.ofMillis(500);
        private Duration maxRetryDelay = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration ioTimeout = Duration.ofSeconds(60);
        private boolean createContainer = true;
        private AzureImmutability immutability;

        private Builder(String container) {
            this.container = container;
        }

        public Builder prefix(String p) { this.prefix = p; return this; }
        public Builder blockSize(long bytes) { this.blockSize = bytes; return this; }
        public Builder singleUploadThreshold(long bytes) { this.singleUploadThreshold = bytes; return this; }
        public Builder blockConcurrency(int n) { this.blockConcurrency = n; return this; }
        public Builder maxConcurrentRequests(int n) { this.maxConcurrentRequests = n; return this; }
        public Builder maxTries(int n) { this.maxTries = n; return this; }
        public Builder tryTimeout(Duration d) { this.tryTimeout = d; return this; }
        public Builder retryDelay(Duration first, Duration max) { this.retryDelay = first; this.maxRetryDelay = max; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder ioTimeout(Duration d) { this.ioTimeout = d; return this; }
        public Builder createContainer(boolean allowed) { this.createContainer = allowed; return this; }
        public Builder immutability(AzureImmutability i) { this.immutability = i; return this; }

        public AzureBlobConfig build() {
            return new AzureBlobConfig(container, prefix, blockSize, singleUploadThreshold, blockConcurrency,
                    maxConcurrentRequests, maxTries, tryTimeout, retryDelay, maxRetryDelay, connectTimeout, ioTimeout,
                    createContainer, immutability);
        }
    }
}
