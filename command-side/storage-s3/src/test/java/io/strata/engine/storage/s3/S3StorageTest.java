package io.strata.engine.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.StorageException;
import io.strata.engine.storage.retry.RetryingStorage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the S3 backend does beyond the shared contract, against a real S3Proxy. */
class S3StorageTest {
    private static WatchedBlobStore watch;

    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension()
            .instrumented(store -> watch == null ? (watch = new WatchedBlobStore(store)) : watch);

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private final List<S3Storage> opened = new ArrayList<>();

    @BeforeEach
    void resetWatch() throws Exception {
        S3.start();
        watch.reset();
    }

    @AfterEach
    void closeAll() {
        watch.release();
        opened.forEach(S3Storage::close);
    }

    private static String newBucket() {
        return "bucket-" + BUCKETS.incrementAndGet();
    }

    private S3Config.Builder config(String bucket) {
        return S3Config.builder(S3.endpoint(), bucket).addressing(S3Config.Addressing.PATH);
    }

    private S3Storage open(S3Config config, String accessKey, String secretKey) {
        S3Storage s = new S3Storage(config, new S3Credentials(accessKey, secretKey));
        opened.add(s);
        return s;
    }

    private S3Storage open(S3Config config) {
        return open(config, S3ProxyExtension.ACCESS_KEY, S3ProxyExtension.SECRET_KEY);
    }

    private static MinioClient raw() {
        return MinioClient.builder().endpoint(S3.endpoint().toString()).region("us-east-1")
                .credentials(S3ProxyExtension.ACCESS_KEY, S3ProxyExtension.SECRET_KEY).build();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static ObjectName nameFor(ObjectKind kind, byte[] data) {
        return new ObjectName(kind, Hex.encode(Sha256.hash(data)));
    }

    @Test
    void aMissingBucketIsCreatedAndEnsureBucketIsIdempotent() throws Exception {
        String bucket = newBucket();
        assertThat(raw().bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isFalse();
        S3Storage s = open(config(bucket).build());
        s.ensureBucket();
        s.ensureBucket();
        assertThat(raw().bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
        byte[] data = random(100, 1);
        s.put(nameFor(ObjectKind.KEY, data), data);
        assertThat(s.list(ObjectKind.KEY)).hasSize(1);
    }

    @Test
    void aMissingBucketThatTheLocationMayNotCreateIsAClearPermanentError() {
        String bucket = newBucket();
        S3Storage s = open(config(bucket).createBucket(false).build());
        assertThatThrownBy(s::ensureBucket)
                .isInstanceOf(PermanentStorageException.class)
                .hasMessageContaining("bucket '" + bucket + "' does not exist at " + S3.endpoint())
                .hasMessageContaining("creating it is not enabled");
    }

    @Test
    void aMissingBucketThatTheCredentialsMayNotCreateNamesTheRefusal() throws Exception {
        String bucket = newBucket();
        S3Storage s = open(config(bucket).build(), S3ProxyExtension.LIMITED_ACCESS_KEY,
                S3ProxyExtension.LIMITED_SECRET_KEY);
        assertThatThrownBy(s::ensureBucket)
                .isInstanceOf(PermanentStorageException.class)
                .hasMessageContaining("bucket '" + bucket + "' does not exist")
                .hasMessageContaining("could not be created")
                .hasMessageContaining("AccessDenied");
        assertThat(raw().bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isFalse();
    }

    @Test
    void operationsOnAMissingBucketArePermanentErrorsNamingTheBucket() {
        String bucket = newBucket();
        S3Storage s = open(config(bucket).createBucket(false).build());
        byte[] data = random(10, 2);
        assertThatThrownBy(() -> s.put(nameFor(ObjectKind.PACK, data), data))
                .isInstanceOf(PermanentStorageException.class).hasMessageContaining("NoSuchBucket");
        assertThatThrownBy(() -> s.list(ObjectKind.PACK))
                .isInstanceOf(PermanentStorageException.class).hasMessageContaining(bucket);
    }

    @Test
    void aWrongSecretKeyIsAPermanentErrorThatNamesTheCause() throws Exception {
        String bucket = newBucket();
        open(config(bucket).build()).ensureBucket();
        S3Storage s = open(config(bucket).build(), S3ProxyExtension.ACCESS_KEY, "not-the-secret-key");
        byte[] data = random(10, 3);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        assertThatThrownBy(() -> s.put(n, data))
                .isInstanceOf(PermanentStorageException.class)
                .hasMessageContaining("access denied")
                .hasMessageContaining("SignatureDoesNotMatch");
        assertThatThrownBy(() -> s.list(ObjectKind.PACK))
                .isInstanceOf(PermanentStorageException.class).hasMessageContaining("SignatureDoesNotMatch");
        assertThatThrownBy(() -> s.get(n))
                .isInstanceOf(PermanentStorageException.class).hasMessageContaining("SignatureDoesNotMatch");
        assertThatThrownBy(s::ensureBucket)
                .isInstanceOf(PermanentStorageException.class).hasMessageContaining("access denied");
    }

    @Test
    void anUnknownAccessKeyIsAPermanentErrorThatNamesTheCause() {
        S3Storage s = open(config(newBucket()).build(), "nobody-knows-me", "whatever-secret");
        assertThatThrownBy(() -> s.list(ObjectKind.SNAPSHOT))
                .isInstanceOf(PermanentStorageException.class)
                .hasMessageContaining("access denied")
                .hasMessageContaining("InvalidAccessKeyId");
    }

    /** A prefix above the multipart threshold goes up in parts cut from the caller's array: only the prefix is stored. */
    @Test
    void aLargePrefixGoesUpInPartsAndOnlyThePrefixIsStored() throws Exception {
        S3Storage s = open(config(newBucket()).build());
        s.ensureBucket();
        byte[] buffer = random(48 * 1024 * 1024, 5);
        int length = 40 * 1024 * 1024 + 7;
        byte[] prefix = Arrays.copyOf(buffer, length);
        ObjectName n = nameFor(ObjectKind.PACK, prefix);
        s.put(n, buffer, length);
        assertThat(watch.partsReceived.get()).isEqualTo(6);
        assertThat(s.get(n)).isEqualTo(prefix);
        assertThat(s.list(ObjectKind.PACK)).containsExactly(new ObjectInfo(n, length));
    }

    @Test
    void aFortyMebibyteObjectGoesUpInParallelPartsAndRoundTrips() throws Exception {
        S3Storage s = open(config(newBucket()).build());
        s.ensureBucket();
        byte[] data = random(40 * 1024 * 1024 + 123, 4);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        watch.meetParts(2); // two parts sent at once meet on the server; sent one by one, the first waits 10 s alone
        long t0 = System.nanoTime();
        s.put(n, data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("S3Proxy on loopback: 40 MiB in 8 MiB parts, 4 at once: %.2f s, %.0f MiB/s%n", seconds,
                40 / seconds);
        assertThat(watch.partsReceived.get()).isEqualTo(6);
        assertThat(watch.multipartCompleted.get()).isEqualTo(1);
        assertThat(watch.maxUploadsInFlight.get()).isBetween(2, 4);
        assertThat(s.get(n)).isEqualTo(data);
        int boundary = 8 * 1024 * 1024;
        assertThat(s.get(n, boundary - 10, 20)).isEqualTo(Arrays.copyOfRange(data, boundary - 10, boundary + 10));
        assertThat(s.list(ObjectKind.PACK)).containsExactly(new ObjectInfo(n, data.length));
    }

    @Test
    void objectsUpToTheThresholdGoUpInOnePut() throws Exception {
        S3Storage s = open(config(newBucket()).build());
        s.ensureBucket();
        byte[] data = random(17 * 1024 * 1024, 5);
        s.put(nameFor(ObjectKind.PACK, data), data);
        assertThat(watch.partsReceived.get()).isZero();
        assertThat(watch.multipartCompleted.get()).isZero();
    }

    @Test
    void requestsInFlightNeverExceedTheConfiguredLimitWhateverTheNumberOfCallers() throws Exception {
        S3Storage s = open(config(newBucket()).maxConcurrentRequests(2).build());
        s.ensureBucket();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<ObjectName>> puts = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                long seed = 100 + i;
                puts.add(callers.submit(() -> {
                    byte[] data = random(256 * 1024, seed);
                    ObjectName n = nameFor(ObjectKind.PACK, data);
                    s.put(n, data);
                    return n;
                }));
            }
            List<ObjectName> names = new ArrayList<>();
            for (Future<ObjectName> f : puts) {
                names.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(s.list(ObjectKind.PACK).stream().map(ObjectInfo::name).toList())
                    .containsExactlyInAnyOrderElementsOf(names);
        } finally {
            callers.shutdownNow();
        }
        assertThat(watch.maxUploadsInFlight.get()).isBetween(1, 2);
    }

    @Test
    void theServerStoppedMidUploadIsARetryableError() throws Exception {
        S3Storage s = open(config(newBucket()).ioTimeout(Duration.ofSeconds(10)).build());
        s.ensureBucket();
        byte[] data = random(40 * 1024 * 1024, 6);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        CountDownLatch arrived = watch.holdNextPart();
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
            try {
                s.put(n, data);
            } catch (StorageException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertThat(arrived.await(30, TimeUnit.SECONDS)).as("a part reached the server").isTrue();
        S3.stop();
        watch.release();
        assertThat(put).failsWithin(Duration.ofSeconds(60)).withThrowableThat().havingRootCause()
                .satisfies(t -> assertThat(t).isInstanceOfAny(java.io.IOException.class));
        Throwable failure = put.handle((v, t) -> t.getCause()).get();
        assertThat(failure).isInstanceOf(RetryableStorageException.class).hasMessageContaining("put " + n);
        assertThatThrownBy(() -> s.list(ObjectKind.PACK)).isInstanceOf(RetryableStorageException.class);
        S3.start();
        assertThat(s.exists(n)).as("a failed multipart upload leaves no object").isFalse();
    }

    @Test
    void withTheRetryDecoratorAnUploadCutByAServerRestartSucceedsOnceTheServerIsBack() throws Exception {
        // the held part's connection is left hanging by the stopped server: a short I/O timeout ends it
        S3Storage s = open(config(newBucket()).ioTimeout(Duration.ofSeconds(4)).build());
        s.ensureBucket();
        RetryingStorage retrying = new RetryingStorage(s, 8, Duration.ofMillis(250), d -> Thread.sleep(d.toMillis()));
        byte[] data = random(40 * 1024 * 1024, 7);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        CountDownLatch arrived = watch.holdNextPart();
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
            try {
                retrying.put(n, data);
            } catch (StorageException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        S3.stop();
        watch.release();
        Thread.sleep(1500);
        assertThat(put).isNotDone();
        S3.start();
        put.get(90, TimeUnit.SECONDS);
        assertThat(retrying.get(n)).isEqualTo(data);
    }

    @Test
    void transientServerErrorsAreRetryableAndTheRetryDecoratorGetsThrough() throws Exception {
        S3Storage s = open(config(newBucket()).build());
        s.ensureBucket();
        byte[] data = random(1000, 12);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        // a bare 503 from the server (S3Proxy passes the store's HTTP status through, without an error document)
        watch.failNextPuts(1, () -> new org.jclouds.http.HttpResponseException("service unavailable", null,
                org.jclouds.http.HttpResponse.builder().statusCode(503).message("Service Unavailable").build()));
        assertThatThrownBy(() -> s.put(n, data)).isInstanceOf(RetryableStorageException.class)
                .hasMessageContaining("503");
        // S3's RequestTimeout error document (HTTP 400) is transient too
        watch.failNextPuts(1, () -> new RuntimeException(new java.util.concurrent.TimeoutException("store too slow")));
        assertThatThrownBy(() -> s.put(n, data)).isInstanceOf(RetryableStorageException.class)
                .hasMessageContaining("RequestTimeout");
        assertThat(s.exists(n)).isFalse();
        watch.failNextPuts(2, () -> new org.jclouds.http.HttpResponseException("service unavailable", null,
                org.jclouds.http.HttpResponse.builder().statusCode(503).message("Service Unavailable").build()));
        RetryingStorage retrying = new RetryingStorage(s, 3, Duration.ofMillis(10), d -> Thread.sleep(d.toMillis()));
        retrying.put(n, data);
        assertThat(s.get(n)).isEqualTo(data);
    }

    @Test
    void keysFollowTheLocalLayoutUnderThePrefixAndForeignKeysAreNotListed() throws Exception {
        String bucket = newBucket();
        S3Storage s = open(config(bucket).prefix("/strata/tenant-a/").build());
        s.ensureBucket();
        byte[] pack = random(1000, 8);
        byte[] snap = random(100, 9);
        ObjectName p = nameFor(ObjectKind.PACK, pack);
        ObjectName sn = nameFor(ObjectKind.SNAPSHOT, snap);
        s.put(p, pack);
        s.put(sn, snap);
        s.put(ObjectName.CONFIG, "cfg".getBytes());
        MinioClient raw = raw();
        for (String foreign : List.of("strata/tenant-a/data/zz/not-an-object", "strata/tenant-a/data/README",
                "strata/tenant-a/snapshots/sub/" + sn.name(), "strata/tenant-a/data/ab/" + p.name())) {
            raw.putObject(PutObjectArgs.builder().bucket(bucket).object(foreign)
                    .stream(new ByteArrayInputStream(new byte[3]), 3, -1).build());
        }
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : raw.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        assertThat(keys).contains("strata/tenant-a/config",
                "strata/tenant-a/data/" + p.name().substring(0, 2) + "/" + p.name(),
                "strata/tenant-a/snapshots/" + sn.name());
        assertThat(s.list(ObjectKind.PACK)).containsExactly(new ObjectInfo(p, pack.length));
        assertThat(s.list(ObjectKind.SNAPSHOT)).containsExactly(new ObjectInfo(sn, snap.length));
        assertThat(s.list(ObjectKind.CONFIG)).containsExactly(new ObjectInfo(ObjectName.CONFIG, 3));
        assertThat(s.describe()).isEqualTo("s3:" + S3.endpoint() + "/" + bucket + "/strata/tenant-a");
    }

    @Test
    void repositoriesUnderDifferentPrefixesOfOneBucketAreIndependent() throws Exception {
        String bucket = newBucket();
        S3Storage a = open(config(bucket).prefix("strata/tenant-a").build());
        S3Storage b = open(config(bucket).prefix("strata/tenant-b").build());
        S3Storage root = open(config(bucket).build());
        a.ensureBucket();
        byte[] data = random(50, 10);
        ObjectName n = nameFor(ObjectKind.INDEX, data);
        a.put(n, data);
        a.put(ObjectName.CONFIG, "a".getBytes());
        assertThat(b.exists(n)).isFalse();
        assertThat(b.list(ObjectKind.INDEX)).isEmpty();
        assertThat(b.list(ObjectKind.CONFIG)).isEmpty();
        assertThat(root.list(ObjectKind.INDEX)).isEmpty();
        b.delete(n);
        assertThat(a.get(n)).isEqualTo(data);
    }

    @Test
    void objectLockIsRefusedByS3ProxyWithClearPermanentErrorsAndNothingIsStoredUnlocked() throws Exception {
        S3ObjectLock lock = new S3ObjectLock(S3ObjectLock.Mode.GOVERNANCE, 30);
        // a new bucket with Object Lock: S3Proxy does not implement the header that asks for it
        String bucket = newBucket();
        StorageException create = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                open(config(bucket).objectLock(lock).build())::ensureBucket);
        System.out.println("S3Proxy, bucket with Object Lock: " + create.getMessage());
        assertThat(create).isInstanceOf(PermanentStorageException.class)
                .hasMessageContaining("could not be created").hasMessageContaining("NotImplemented");

        // an existing bucket: S3Proxy ignores the ?object-lock query and answers with another document
        String plain = newBucket();
        open(config(plain).build()).ensureBucket();
        S3Storage locked = open(config(plain).objectLock(lock).build());
        StorageException check = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                locked::ensureBucket);
        System.out.println("S3Proxy, Object Lock check: " + check.getMessage());
        assertThat(check).isInstanceOf(PermanentStorageException.class)
                .hasMessageContaining("did not answer with an Object Lock configuration");

        // and a put with retention is refused rather than stored without it
        byte[] data = random(100, 11);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        StorageException put = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                () -> locked.put(n, data));
        System.out.println("S3Proxy, put with retention: " + put.getMessage());
        assertThat(put).isInstanceOf(PermanentStorageException.class).hasMessageContaining("NotImplemented");
        assertThat(locked.exists(n)).isFalse();
    }

    @Test
    void throughputOfPackSizedObjectsFromFourThreads() throws Exception {
        // Prints a figure for the record (loopback, in-process S3Proxy sharing the machine's 2 cores); asserts only
        // that everything arrived.
        S3Storage s = open(config(newBucket()).build());
        s.ensureBucket();
        List<byte[]> packs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            packs.add(random(16 * 1024 * 1024, 200 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> puts = new ArrayList<>();
            for (byte[] p : packs) {
                puts.add(pool.submit(() -> {
                    s.put(nameFor(ObjectKind.PACK, p), p);
                    return null;
                }));
            }
            for (Future<?> f : puts) {
                f.get(120, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("S3Proxy on loopback: 4 x 16 MiB single PUTs from 4 threads: %.2f s, %.0f MiB/s%n",
                    seconds, 64 / seconds);
        } finally {
            pool.shutdownNow();
        }
        assertThat(s.list(ObjectKind.PACK)).hasSize(4);
    }

    @Test
    void aMissingObjectIsNotFoundWhileTheBucketExists() throws Exception {
        S3Storage s = open(config(newBucket()).build());
        s.ensureBucket();
        ObjectName n = nameFor(ObjectKind.INDEX, new byte[] {1, 2});
        assertThat(s.exists(n)).isFalse();
        s.delete(n);
        assertThatThrownBy(() -> s.get(n)).isInstanceOf(io.strata.engine.storage.ObjectNotFoundException.class);
        assertThatThrownBy(() -> s.get(n, 0, 1)).isInstanceOf(io.strata.engine.storage.ObjectNotFoundException.class);
        assertThatThrownBy(() -> s.get(n, 0, 0)).isInstanceOf(io.strata.engine.storage.ObjectNotFoundException.class);
    }
}
