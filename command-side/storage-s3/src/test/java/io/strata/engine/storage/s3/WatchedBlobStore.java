package io.strata.engine.storage.s3;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.Payload;

/**
 * The blob store behind S3Proxy, watched from the server side: how many uploads (PUTs and parts)
 * run at once, how many parts and completed multipart uploads arrived, an optional hold on the next
 * part so a test can stop the server while that part is in flight, and an optional meeting of parts
 * so a test sees parallel uploads overlap whatever the machine's timing.
 */
final class WatchedBlobStore extends ForwardingBlobStore {
    final AtomicInteger uploadsInFlight = new AtomicInteger();
    final AtomicInteger maxUploadsInFlight = new AtomicInteger();
    final AtomicInteger partsReceived = new AtomicInteger();
    final AtomicInteger multipartCompleted = new AtomicInteger();
    private final AtomicInteger failNextPuts = new AtomicInteger();
    private volatile java.util.function.Supplier<RuntimeException> putFailure;
    private volatile CountDownLatch partArrived;
    private volatile CountDownLatch releasePart;
    private volatile CountDownLatch meeting;

    WatchedBlobStore(BlobStore delegate) {
        super(delegate);
    }

    /** The next n single PUTs fail inside the server with the given exception (S3Proxy turns it into a response). */
    void failNextPuts(int n, java.util.function.Supplier<RuntimeException> failure) {
        putFailure = failure;
        failNextPuts.set(n);
    }

    private void maybeFail() {
        if (failNextPuts.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw putFailure.get();
        }
    }

    /**
     * Each of the next parts waits, up to 10 s, until {@code n} parts have arrived: parts sent in parallel meet (and
     * are counted in flight together however fast the server is), parts sent one after another do not, and each
     * goes on alone after the wait.
     */
    void meetParts(int n) {
        meeting = new CountDownLatch(n);
    }

    void reset() {
        meeting = null;
        failNextPuts.set(0);
        uploadsInFlight.set(0);
        maxUploadsInFlight.set(0);
        partsReceived.set(0);
        multipartCompleted.set(0);
    }

    /** The next part to arrive waits for {@link #release()}; the returned latch opens when it has arrived. */
    CountDownLatch holdNextPart() {
        releasePart = new CountDownLatch(1);
        partArrived = new CountDownLatch(1);
        return partArrived;
    }

    void release() {
        CountDownLatch r = releasePart;
        releasePart = null;
        if (r != null) {
            r.countDown();
        }
    }

    private void enter() {
        int now = uploadsInFlight.incrementAndGet();
        maxUploadsInFlight.accumulateAndGet(now, Math::max);
    }

    @Override
    public String putBlob(String container, Blob blob) {
        enter();
        try {
            maybeFail();
            return super.putBlob(container, blob);
        } finally {
            uploadsInFlight.decrementAndGet();
        }
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        enter();
        try {
            maybeFail();
            return super.putBlob(container, blob, options);
        } finally {
            uploadsInFlight.decrementAndGet();
        }
    }

    @Override
    public MultipartPart uploadMultipartPart(MultipartUpload mpu, int partNumber, Payload payload) {
        enter();
        try {
            partsReceived.incrementAndGet();
            CountDownLatch meet = meeting;
            if (meet != null) {
                meet.countDown();
                try {
                    meet.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            CountDownLatch arrived = partArrived;
            CountDownLatch hold = releasePart;
            if (arrived != null && hold != null) {
                partArrived = null;
                arrived.countDown();
                try {
                    hold.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.uploadMultipartPart(mpu, partNumber, payload);
        } finally {
            uploadsInFlight.decrementAndGet();
        }
    }

    @Override
    public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
        String etag = super.completeMultipartUpload(mpu, parts);
        multipartCompleted.incrementAndGet();
        return etag;
    }
}
