package io.strata.engine.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach one repository in an S3 bucket. Holds no secrets (see {@link S3Credentials}).
 * Build with {@link #builder(URI, String)}.
 *
 * @param endpoint            the S3 API's base URL, e.g. {@code https://s3.eu-west-1.amazonaws.com} or
 *                            {@code http://127.0.0.1:9000}; no path
 * @param region              the bucket's region (for AWS Signature V4); {@code us-east-1} for most non-AWS servers
 * @param bucket              the bucket
 * @param prefix              key prefix inside the bucket, without leading or trailing slash (empty: the bucket's
 *                            root); several repositories can share a bucket, e.g. {@code strata/<tenantId>}
 * @param addressing          path-style ({@code endpoint/bucket/key}), virtual-host ({@code bucket.endpoint/key}),
 *                            or AUTO (virtual-host for AWS endpoints, path-style for others)
 * @param caCertificatesPem   PEM of the CA certificate(s) to trust for an https endpoint instead of the JVM's
 *                            default trust store; null to use the defaults
 * @param partSize            part size for multipart uploads, 5 MiB .. 5 GiB
 * @param multipartThreshold  objects larger than this are uploaded in parts; others in one PUT
 * @param partConcurrency     parts of one object uploaded at once
 * @param maxConcurrentRequests HTTP requests in flight at once for this storage, across all calling threads;
 *                            further requests wait for a free slot
 * @param connectTimeout      TCP and TLS connect timeout
 * @param ioTimeout           longest wait for the next bytes while reading or writing a request
 * @param createBucket        whether {@link S3Storage#ensureBucket()} may create a missing bucket
 * @param objectLock          Object Lock retention for new objects, or null for none
 */
public record S3Config(URI endpoint, String region, String bucket, String prefix, Addressing addressing,
        String caCertificatesPem, long partSize, long multipartThreshold, int partConcurrency,
        int maxConcurrentRequests, Duration connectTimeout, Duration ioTimeout, boolean createBucket,
        S3ObjectLock objectLock) {

    public enum Addressing { AUTO, PATH, VIRTUAL_HOST }

    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    /** 8 MiB: a ~16 MiB pack is one PUT; larger objects go in 8 MiB parts (at most 10,000 parts: 78 GiB). */
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
    /** 32 MiB: packs (~16 MiB, a little over when the last blob overshoots) stay single PUTs. */
    public static final long DEFAULT_MULTIPART_THRESHOLD = 32L * 1024 * 1024;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");

    public S3Config {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(addressing, "addressing");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(ioTimeout, "ioTimeout");
        String scheme = endpoint.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint must be an http(s) URL with a host: " + endpoint);
        }
        if (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty() && !"/".equals(endpoint.getRawPath())) {
            throw new IllegalArgumentException("S3 endpoint must have no path (put the bucket and prefix in their fields): "
                    + endpoint);
        }
        if (endpoint.getUserInfo() != null || endpoint.getRawQuery() != null) {
            throw new IllegalArgumentException("S3 endpoint must have no user info or query: pass credentials separately");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a valid S3 bucket name (3-63 of a-z 0-9 . -): " + bucket);
        }
        prefix = normalizePrefix(prefix);
        if (caCertificatesPem != null && caCertificatesPem.isBlank()) {
            caCertificatesPem = null;
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be 5 MiB .. 5 GiB: " + partSize);
        }
        if (multipartThreshold < partSize) {
            throw new IllegalArgumentException("multipart threshold must be at least the part size");
        }
        if (partConcurrency < 1 || maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("concurrency limits must be >= 1");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || ioTimeout.isNegative() || ioTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
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
                throw new IllegalArgumentException("S3 key prefix has an empty, '.' or '..' segment: " + prefix);
            }
        }
        return p;
    }

    public static Builder builder(URI endpoint, String bucket) {
        return new Builder(endpoint, bucket);
    }

    public Builder toBuilder() {
        Builder b = new Builder(endpoint, bucket);
        b.region = region;
        b.prefix = prefix;
        b.addressing = addressing;
        b.caCertificatesPem = caCertificatesPem;
        b.partSize = partSize;
        b.multipartThreshold = multipartThreshold;
        b.partConcurrency = partConcurrency;
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.connectTimeout = connectTimeout;
        b.ioTimeout = ioTimeout;
        b.createBucket = createBucket;
        b.objectLock = objectLock;
        return b;
    }

    /** Defaults: region us-east-1, no prefix, AUTO addressing, JVM trust store, 8 MiB parts above 32 MiB,
     *  4 parts at once, 16 requests at once, 10 s connect, 60 s I/O timeout, bucket created when missing,
     *  no Object Lock. */
    public static final class Builder {
        private final URI endpoint;
        private final String bucket;
        private String region = "us-east-1";
        private String prefix = "";
        private Addressing addressing = Addressing.AUTO;
        private String caCertificatesPem;
        private long partSize = DEFAULT_PART_SIZE;
        private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
        private int partConcurrency = 4;
        private int maxConcurrentRequests = 16;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration ioTimeout = Duration.ofSeconds(60);
        private boolean createBucket = true;
        private S3ObjectLock objectLock;

        private Builder(URI endpoint, String bucket) {
            this.endpoint = endpoint;
            this.bucket = bucket;
        }

        public Builder region(String r) { this.region = r; return this; }
        public Builder prefix(String p) { this.prefix = p; return this; }
        public Builder addressing(Addressing a) { this.addressing = a; return this; }
        public Builder caCertificatesPem(String pem) { this.caCertificatesPem = pem; return this; }
        public Builder partSize(long bytes) { this.partSize = bytes; return this; }
        public Builder multipartThreshold(long bytes) { this.multipartThreshold = bytes; return this; }
        public Builder partConcurrency(int n) { this.partConcurrency = n; return this; }
        public Builder maxConcurrentRequests(int n) { this.maxConcurrentRequests = n; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder ioTimeout(Duration d) { this.ioTimeout = d; return this; }
        public Builder createBucket(boolean allowed) { this.createBucket = allowed; return this; }
        public Builder objectLock(S3ObjectLock lock) { this.objectLock = lock; return this; }

        public S3Config build() {
            return new S3Config(endpoint, region, bucket, prefix, addressing, caCertificatesPem, partSize,
                    multipartThreshold, partConcurrency, maxConcurrentRequests, connectTimeout, ioTimeout, createBucket,
                    objectLock);
        }
    }
}
