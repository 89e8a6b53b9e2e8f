package io.strata.engine.storage.s3;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadPartResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.LegalHold;
import io.minio.messages.Part;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectLockedException;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The engine's {@link Storage} on an S3 bucket, through the MinIO Java client (any S3 API: AWS,
 * MinIO, Ceph RGW, S3Proxy, …).
 *
 * <p><b>Layout</b> under the configured prefix, the same as the local backend's files:
 * {@code config}, {@code keys/NAME}, {@code snapshots/NAME}, {@code index/NAME},
 * {@code data/NA/NAME} (two-character fan-out), {@code locks/NAME}. A local repository copied
 * into a bucket with any S3 tool is therefore readable here, and the reverse.
 *
 * <p><b>Contract.</b> Objects up to {@link S3Config#multipartThreshold()} are stored with one PUT,
 * larger ones by a multipart upload whose parts go up in parallel and which S3 makes visible only
 * when completed; both are atomic. Every request body is sent with its Content-MD5 (and, over
 * plain http, its signed SHA-256), so the server rejects bytes damaged in transit. Puts overwrite,
 * which makes them idempotent. Listing pages through {@code ListObjectsV2}. Deletes of missing
 * keys succeed.
 *
 * <p><b>Concurrency.</b> Any number of threads may call at once; at most
 * {@link S3Config#maxConcurrentRequests()} HTTP requests are in flight, the rest wait in the
 * HTTP client's queue.
 *
 * <p><b>Retries.</b> None of its own: failures are classified ({@link RetryableStorageException}
 * for 5xx, SlowDown, timeouts, resets; {@link PermanentStorageException} for denied access, a
 * missing bucket, bad requests; {@link ObjectNotFoundException} for a missing key) and the engine's
 * {@code RetryingStorage} decorator retries with exponential backoff. (The HTTP client repeats a
 * request once, transparently, when a pooled keep-alive connection turns out to be closed.)
 */
public final class S3Storage implements Storage {
    private static final DateTimeFormatter LOCK_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'",
            Locale.US);

    private final S3Config config;
    private final Client client;
    private final OkHttpClient http;
    private final String root;
    private final Clock clock;

    /** Exposes the client's single-request PUT of the first bytes of an array (sent with their Content-MD5). */
    private static final class Client extends MinioAsyncClient {
        Client(MinioAsyncClient c) {
            super(c);
        }

        CompletableFuture<ObjectWriteResponse> putBytes(String bucket, String region, String key, byte[] data,
                int length, Multimap<String, String> headers) throws GeneralSecurityException, IOException,
                io.minio.errors.MinioException {
            return putObjectAsync(bucket, region, key, data, length, headers, null);
        }
    }

    public S3Storage(S3Config config, S3Credentials credentials) {
        this(config, credentials, Clock.systemUTC());
    }

    S3Storage(S3Config config, S3Credentials credentials, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.root = config.prefix().isEmpty() ? "" : config.prefix() + "/";
        this.http = httpClient(config);
        MinioAsyncClient.Builder b = MinioAsyncClient.builder()
                .endpoint(config.endpoint().toString())
                .region(config.region())
                .httpClient(http);
        if (credentials.sessionToken() == null) {
            b.credentials(credentials.accessKey(), credentials.secretKey());
        } else {
            b.credentialsProvider(new io.minio.credentials.StaticProvider(credentials.accessKey(),
                    credentials.secretKey(), credentials.sessionToken()));
        }
        this.client = new Client(b.build());
        switch (config.addressing()) {
            case PATH -> client.disableVirtualStyleEndpoint();
            case VIRTUAL_HOST -> client.enableVirtualStyleEndpoint();
            case AUTO -> { }
        }
    }

    private static OkHttpClient httpClient(S3Config config) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(config.maxConcurrentRequests());
        dispatcher.setMaxRequestsPerHost(config.maxConcurrentRequests());
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(config.maxConcurrentRequests(), 2, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.ioTimeout())
                .writeTimeout(config.ioTimeout());
        if (config.caCertificatesPem() != null) {
            X509TrustManager tm = trustManagerFor(config.caCertificatesPem());
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {tm}, null);
                b.sslSocketFactory(ssl.getSocketFactory(), tm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS", e);
            }
        }
        return b.build();
    }

    /** A trust manager that trusts exactly the CA certificates in the PEM text. */
    static X509TrustManager trustManagerFor(String pem) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certs = cf.generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("the CA PEM holds no certificate");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the CA PEM cannot be read: " + e.getMessage(), e);
        }
    }

    public S3Config config() {
        return config;
    }

    // ------------------------------------------------------------------ bucket

    /**
     * Makes sure the bucket exists: creates it (with Object Lock enabled when the config asks for
     * it) when it is missing and {@link S3Config#createBucket()} allows; checks that an existing
     * bucket has Object Lock enabled when the config asks for it.
     *
     * @throws PermanentStorageException naming what failed: missing bucket that may not or could not
     *                                   be created, denied access, Object Lock not enabled or not supported
     */
    public void ensureBucket() throws StorageException {
        String b = config.bucket();
        boolean exists;
        try {
            exists = client.bucketExists(BucketExistsArgs.builder().bucket(b).build()).get();
        } catch (Exception e) {
            throw S3Errors.translate("check bucket '" + b + "' at " + config.endpoint(), null, b, e);
        }
        if (!exists) {
            if (!config.createBucket()) {
                throw new PermanentStorageException("bucket '" + b + "' does not exist at " + config.endpoint()
                        + " and creating it is not enabled for this location");
            }
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(b).region(config.region())
                        .objectLock(config.objectLock() != null).build()).get();
            } catch (Exception e) {
                Throwable t = S3Errors.unwrap(e);
                if (t instanceof ErrorResponseException er && "BucketAlreadyOwnedByYou".equals(er.errorResponse().code())) {
                    // created concurrently by another node: fine
                } else {
                    StorageException se = S3Errors.translate("create bucket '" + b + "'" + (config.objectLock() != null
                            ? " with Object Lock" : ""), null, b, e);
                    throw new PermanentStorageException("bucket '" + b + "' does not exist at " + config.endpoint()
                            + " and could not be created: " + se.getMessage(), se);
                }
            }
        }
        if (config.objectLock() != null) {
            try {
                client.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(b).build()).get();
            } catch (Exception e) {
                if (S3Errors.unwrap(e) instanceof io.minio.errors.XmlParserException notLockConfig) {
                    // A server that ignores the ?object-lock subresource answers with some other document.
                    throw new PermanentStorageException("immutability is configured but the server at "
                            + config.endpoint() + " did not answer with an Object Lock configuration for bucket '" + b
                            + "' (it does not seem to implement S3 Object Lock)", notLockConfig);
                }
                StorageException se = S3Errors.translate("read Object Lock configuration of bucket '" + b + "'", null,
                        b, e);
                if (se instanceof RetryableStorageException) {
                    throw se;
                }
                throw new PermanentStorageException("immutability is configured but bucket '" + b
                        + "' has no Object Lock enabled (S3 enables it only when a bucket is created): "
                        + se.getMessage(), se);
            }
        }
    }

    // ------------------------------------------------------------------ keys

    String key(ObjectName n) {
        return root + switch (n.kind()) {
            case CONFIG -> "config";
            case PACK -> "data/" + n.name().substring(0, 2) + "/" + n.name();
            default -> n.kind().directory() + "/" + n.name();
        };
    }

    // ------------------------------------------------------------------ Storage

    /** A prefix goes up from the caller's array as it is: single PUTs send its first bytes, parts are copied out of it. */
    @Override
    public void put(ObjectName name, byte[] data, int length) throws StorageException {
        Objects.checkFromIndexSize(0, length, data.length);
        String key = key(name);
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", "application/octet-stream");
        S3ObjectLock lock = config.objectLock();
        if (lock != null && name.kind() != ObjectKind.LOCK) {
            Instant until = clock.instant().plus(lock.retentionDays(), ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            headers.put("x-amz-object-lock-mode", lock.mode().name());
            headers.put("x-amz-object-lock-retain-until-date", LOCK_DATE.format(until.atZone(java.time.ZoneOffset.UTC)));
        }
        try {
            if (length <= config.multipartThreshold()) {
                client.putBytes(config.bucket(), config.region(), key, data, length, headers).get();
            } else {
                putMultipart(key, data, length, headers);
            }
        } catch (Exception e) {
            throw S3Errors.translate("put " + name, null, config.bucket(), e);
        }
    }

    /** Uploads the first {@code length} bytes of {@code data} in parts. */
    private void putMultipart(String key, byte[] data, int length, Multimap<String, String> headers) throws Exception {
        String bucket = config.bucket();
        String region = config.region();
        String uploadId = client.createMultipartUploadAsync(bucket, region, key, headers, null).get().result()
                .uploadId();
        long partSize = config.partSize();
        int count = (int) ((length + partSize - 1) / partSize);
        List<CompletableFuture<UploadPartResponse>> parts = new ArrayList<>(count);
        Semaphore window = new Semaphore(config.partConcurrency());
        boolean completed = false;
        try {
            for (int i = 0; i < count; i++) {
                window.acquire();
                if (parts.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
                    window.release();
                    break;
                }
                int from = (int) (i * partSize);
                int to = (int) Math.min(length, from + partSize);
                byte[] part = Arrays.copyOfRange(data, from, to);
                CompletableFuture<UploadPartResponse> f;
                try {
                    f = client.uploadPartAsync(bucket, region, key, part, part.length, uploadId, i + 1, null, null);
                } catch (Exception e) {
                    window.release();
                    throw e;
                }
                f.whenComplete((r, t) -> window.release());
                parts.add(f);
            }
            // Wait for every part, but give up at the first failure rather than waiting on the others.
            CompletableFuture<Object> firstFailure = new CompletableFuture<>();
            for (CompletableFuture<UploadPartResponse> f : parts) {
                f.whenComplete((r, t) -> {
                    if (t != null) {
                        firstFailure.completeExceptionally(t);
                    }
                });
            }
            CompletableFuture.anyOf(CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)), firstFailure)
                    .get();
            Part[] done = new Part[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                UploadPartResponse r = parts.get(i).get();
                done[i] = new Part(r.partNumber(), r.etag());
            }
            if (done.length != count) {
                throw new IllegalStateException("not every part was uploaded");
            }
            client.completeMultipartUploadAsync(bucket, region, key, uploadId, done, null, null).get();
            completed = true;
        } finally {
            if (!completed) {
                for (CompletableFuture<UploadPartResponse> f : parts) {
                    f.cancel(true);
                }
                try {
                    // Frees the stored parts; if this fails too, a bucket lifecycle rule
                    // (AbortIncompleteMultipartUpload) removes them. An unfinished upload is never visible.
                    client.abortMultipartUploadAsync(bucket, region, key, uploadId, null, null)
                            .get(config.ioTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception ignored) {
                    // the original failure is what the caller needs to see
                }
            }
        }
    }

    @Override
    public byte[] get(ObjectName name) throws StorageException {
        try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key(name))
                .build()).get()) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw S3Errors.translate("get " + name, name, config.bucket(), e);
        }
    }

    @Override
    public byte[] get(ObjectName name, long offset, int length) throws StorageException {
        if (offset < 0 || length < 0) {
            throw new PermanentStorageException("negative range for " + name);
        }
        if (length == 0) {
            long size = stat(name).size();
            if (offset > size) {
                throw new PermanentStorageException("range " + offset + "+0 past the end of " + name + " (" + size
                        + " bytes)");
            }
            return new byte[0];
        }
        byte[] out;
        try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key(name))
                .offset(offset).length((long) length).build()).get()) {
            out = in.readNBytes(length);
        } catch (Exception e) {
            Throwable t = S3Errors.unwrap(e);
            if (t instanceof ErrorResponseException er && "InvalidRange".equals(er.errorResponse().code())) {
                throw new PermanentStorageException("range " + offset + "+" + length + " past the end of " + name, er);
            }
            throw S3Errors.translate("get " + name + " [" + offset + "+" + length + "]", name, config.bucket(), e);
        }
        if (out.length != length) {
            throw new PermanentStorageException("range " + offset + "+" + length + " past the end of " + name
                    + " (only " + out.length + " bytes from the offset)");
        }
        return out;
    }

    private StatObjectResponse stat(ObjectName name) throws StorageException {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key(name)).build()).get();
        } catch (Exception e) {
            throw S3Errors.translate("stat " + name, name, config.bucket(), e);
        }
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws StorageException {
        List<ObjectInfo> out = new ArrayList<>();
        if (kind == ObjectKind.CONFIG) {
            try {
                out.add(new ObjectInfo(ObjectName.CONFIG, stat(ObjectName.CONFIG).size()));
            } catch (ObjectNotFoundException absent) {
                // no config: empty listing
            }
            return out;
        }
        String prefix = root + kind.directory() + "/";
        try {
            Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder().bucket(config.bucket())
                    .prefix(prefix).recursive(true).maxKeys(1000).build());
            for (Result<Item> r : items) {
                Item item = r.get();
                if (item.isDir() || item.isDeleteMarker()) {
                    continue;
                }
                ObjectName n = parse(kind, item.objectName().substring(prefix.length()));
                if (n != null) {
                    out.add(new ObjectInfo(n, item.size()));
                }
            }
            return out;
        } catch (Exception e) {
            throw S3Errors.translate("list " + kind.directory(), null, config.bucket(), e);
        }
    }

    /** The object a key (relative to its kind's directory) names, or null for keys that are no repository object. */
    private static ObjectName parse(ObjectKind kind, String rel) {
        String name = rel;
        if (kind == ObjectKind.PACK) {
            if (rel.length() < 4 || rel.charAt(2) != '/' || !rel.startsWith(rel.substring(0, 2), 3)) {
                return null;
            }
            name = rel.substring(3);
        }
        if (name.indexOf('/') >= 0) {
            return null;
        }
        try {
            return new ObjectName(kind, name);
        } catch (IllegalArgumentException foreign) {
            return null;
        }
    }

    @Override
    public void delete(ObjectName name) throws StorageException {
        if (config.objectLock() != null) {
            deleteLocked(name);
            return;
        }
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key(name)).build()).get();
        } catch (Exception e) {
            throw S3Errors.translate("delete " + name, name, config.bucket(), e);
        }
    }

    /**
     * With Object Lock the bucket is versioned: a plain DELETE would only hide the object behind a
     * delete marker and free nothing. So: refuse while the newest version is retained or on legal
     * hold ({@link ObjectLockedException}), else delete every version of the key.
     */
    private void deleteLocked(ObjectName name) throws StorageException {
        String key = key(name);
        StatObjectResponse st;
        try {
            st = stat(name);
        } catch (ObjectNotFoundException gone) {
            st = null;
        }
        if (st != null) {
            ZonedDateTime until = st.retentionRetainUntilDate();
            LegalHold hold = st.legalHold();
            if (hold != null && hold.status()) {
                throw new ObjectLockedException(name, null, "delete refused: legal hold", null);
            }
            if (until != null && until.toInstant().isAfter(clock.instant())) {
                throw new ObjectLockedException(name, until.toInstant(), "delete refused: retention " + st.retentionMode(),
                        null);
            }
        }
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket()).prefix(key)
                    .includeVersions(true).build())) {
                Item v = r.get();
                if (key.equals(v.objectName())) {
                    client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key)
                            .versionId(v.versionId()).build()).get();
                }
            }
        } catch (Exception e) {
            throw S3Errors.translate("delete " + name, name, config.bucket(), e);
        }
    }

    @Override
    public boolean exists(ObjectName name) throws StorageException {
        try {
            stat(name);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "s3:" + config.endpoint().toString().replaceAll("/+$", "") + "/" + config.bucket()
                + (config.prefix().isEmpty() ? "" : "/" + config.prefix());
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

}
