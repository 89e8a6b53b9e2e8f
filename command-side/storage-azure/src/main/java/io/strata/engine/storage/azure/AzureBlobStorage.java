package io.strata.engine.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.blob.models.BlobContainerProperties;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobImmutabilityPolicy;
import com.azure.storage.blob.models.BlobImmutabilityPolicyMode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * The engine's {@link Storage} on an Azure Blob Storage container (block blobs), through the
 * Azure SDK.
 *
 * <p><b>Layout</b> under the configured prefix, the same as the local backend's files:
 * {@code config}, {@code keys/NAME}, {@code snapshots/NAME}, {@code index/NAME},
 * {@code data/NA/NAME}, {@code locks/NAME}.
 *
 * <p><b>Contract.</b> Blobs up to {@link AzureBlobConfig#singleUploadThreshold()} are written with
 * one Put Blob; larger ones are staged as blocks ({@link AzureBlobConfig#blockConcurrency()} at
 * once) and made visible at once by a single Put Block List. Either way a blob is never visible
 * half-written; staged but uncommitted blocks are not blobs, are never listed, and the service
 * discards them after a week. Each request carries its Content-MD5, so the service rejects bytes
 * damaged in transit. Puts overwrite, which makes them idempotent. Listing pages through List
 * Blobs. Deletes of missing blobs succeed.
 *
 * <p><b>Concurrency.</b> Any number of threads may call at once; at most
 * {@link AzureBlobConfig#maxConcurrentRequests()} operations are in flight (a large upload counts
 * as {@code blockConcurrency}), the others wait.
 *
 * <p><b>Retries</b> are the SDK's: {@link RequestRetryOptions} with exponential backoff
 * ({@link AzureBlobConfig#maxTries()}, {@link AzureBlobConfig#retryDelay()} up to
 * {@link AzureBlobConfig#maxRetryDelay()}, {@link AzureBlobConfig#tryTimeout()} per attempt), for
 * 5xx, 408, 429, timeouts and broken connections. What still fails is classified:
 * {@link RetryableStorageException} for those transient causes (the engine's
 * {@code RetryingStorage} may try again later), {@link PermanentStorageException} for refused
 * credentials or permissions, a missing container and bad requests,
 * {@link ObjectNotFoundException} for a missing blob.
 */
public final class AzureBlobStorage implements Storage {
    private final AzureBlobConfig config;
    private final BlobContainerClient container;
    private final String root;
    private final String location;
    private final Semaphore slots;
    private final Clock clock;

    public AzureBlobStorage(AzureBlobConfig config, AzureCredentials credentials) {
        this(config, credentials, Clock.systemUTC());
    }

    AzureBlobStorage(AzureBlobConfig config, AzureCredentials credentials, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.root = config.prefix().isEmpty() ? "" : config.prefix() + "/";
        this.slots = new Semaphore(config.maxConcurrentRequests(), true);
        RequestRetryOptions retry = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxTries(),
                config.tryTimeout(), config.retryDelay(), config.maxRetryDelay(), null);
        HttpClientOptions http = new HttpClientOptions()
                .setConnectTimeout(config.connectTimeout())
                .setReadTimeout(config.ioTimeout())
                .setWriteTimeout(config.ioTimeout())
                .setResponseTimeout(config.ioTimeout())
                .setMaximumConnectionPoolSize(config.maxConcurrentRequests() + config.blockConcurrency());
        this.container = switch (credentials) {
            case AzureCredentials.ConnectionString cs -> new BlobServiceClientBuilder()
                    .connectionString(cs.connectionString()).retryOptions(retry).clientOptions(http)
                    .buildClient().getBlobContainerClient(config.container());
            case AzureCredentials.SharedKey sk -> new BlobServiceClientBuilder()
                    .endpoint(sk.endpoint().toString())
                    .credential(new StorageSharedKeyCredential(sk.accountName(), sk.accountKey()))
                    .retryOptions(retry).clientOptions(http)
                    .buildClient().getBlobContainerClient(config.container());
            case AzureCredentials.Sas sas -> sasContainer(sas, config, retry, http);
        };
        String url = container.getBlobContainerUrl();
        int q = url.indexOf('?');
        this.location = "azure:" + (q < 0 ? url : url.substring(0, q)) + (config.prefix().isEmpty() ? "" : "/"
                + config.prefix());
    }

    private static BlobContainerClient sasContainer(AzureCredentials.Sas sas, AzureBlobConfig config,
            RequestRetryOptions retry, HttpClientOptions http) {
        String url = sas.url().toString();
        String named;
        try {
            named = BlobUrlParts.parse(url).getBlobContainerName();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a blob service or container URL: " + sas, e);
        }
        if (named != null && !named.isEmpty()) {
            if (!named.equals(config.container())) {
                throw new IllegalArgumentException("the SAS URL names container '" + named + "' but the location's "
                        + "container is '" + config.container() + "'");
            }
            BlobContainerClientBuilder b = new BlobContainerClientBuilder().endpoint(url).retryOptions(retry)
                    .clientOptions(http);
            if (sas.sasToken() != null && !sas.sasToken().isBlank()) {
                b.sasToken(sas.sasToken());
            }
            return b.buildClient();
        }
        BlobServiceClientBuilder b = new BlobServiceClientBuilder().endpoint(url).retryOptions(retry).clientOptions(http);
        if (sas.sasToken() != null && !sas.sasToken().isBlank()) {
            b.sasToken(sas.sasToken());
        }
        return b.buildClient().getBlobContainerClient(config.container());
    }

    public AzureBlobConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ container

    /**
     * Makes sure the container exists: creates it when it is missing and
     * {@link AzureBlobConfig#createContainer()} allows; when immutability is configured, checks that
     * the container has version-level immutability support enabled.
     *
     * @throws PermanentStorageException naming what failed: a missing container that may not or could not be
     *                                   created, refused credentials, immutability not available
     */
    public void ensureContainer() throws StorageException {
        String c = config.container();
        boolean exists = containerExists();
        if (!exists) {
            if (!config.createContainer()) {
                throw new PermanentStorageException("container '" + c + "' does not exist at " + location
                        + " and creating it is not enabled for this location");
            }
            try {
                container.createIfNotExists();
            } catch (RuntimeException e) {
                StorageException se = AzureErrors.translate("create container '" + c + "'", null, c, e);
                if (se instanceof RetryableStorageException) {
                    throw se;
                }
                throw new PermanentStorageException("container '" + c + "' does not exist at " + location
                        + " and could not be created: " + se.getMessage(), se);
            }
        }
        if (config.immutability() != null) {
            BlobContainerProperties p;
            try {
                p = container.getProperties();
            } catch (RuntimeException e) {
                throw AzureErrors.translate("read properties of container '" + c + "'", null, c, e);
            }
            if (!Boolean.TRUE.equals(p.isImmutableStorageWithVersioningEnabled())) {
                throw new PermanentStorageException("immutability is configured but container '" + c + "' at "
                        + location + " does not have version-level immutability support enabled (the service "
                        + "reported immutableStorageWithVersioningEnabled=" + p.isImmutableStorageWithVersioningEnabled()
                        + "; enable it on the account or container through the Azure portal, CLI or Resource "
                        + "Manager)");
            }
        }
    }

    /**
     * Whether the container exists. A container SAS may not read the container's properties (Azure
     * allows that only to account credentials), so when that is refused, listing one blob decides.
     */
    private boolean containerExists() throws StorageException {
        String c = config.container();
        try {
            return container.exists();
        } catch (RuntimeException e) {
            BlobStorageException bse = AzureErrors.find(e, BlobStorageException.class);
            if (bse == null || bse.getStatusCode() != 403) {
                throw AzureErrors.translate("check container '" + c + "' at " + location, null, c, e);
            }
        }
        try {
            container.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(1), null).iterableByPage().iterator()
                    .next();
            return true;
        } catch (RuntimeException e) {
            BlobStorageException bse = AzureErrors.find(e, BlobStorageException.class);
            if (bse != null && BlobErrorCode.CONTAINER_NOT_FOUND.equals(bse.getErrorCode())) {
                return false;
            }
            throw AzureErrors.translate("check container '" + c + "' at " + location, null, c, e);
        }
    }

    // ------------------------------------------------------------------ names

    String blobName(ObjectName n) {
        return root + switch (n.kind()) {
            case CONFIG -> "config";
            case PACK -> "data/" + n.name().substring(0, 2) + "/" + n.name();
            default -> n.kind().directory() + "/" + n.name();
        };
    }

    private BlobClient blob(ObjectName n) {
        return container.getBlobClient(blobName(n));
    }

    private interface Call<T> {
        T run() throws StorageException;
    }

    private <T> T limited(int permits, String what, Call<T> call) throws StorageException {
        try {
            slots.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableStorageException(what + ": interrupted while waiting for a free request slot", e);
        }
        try {
            return call.run();
        } finally {
            slots.release(permits);
        }
    }

    // ------------------------------------------------------------------ Storage

    /**
     * The upload reads the prefix through a buffer over the caller's array (no copy of the pack first); it has
     * finished with it when this returns, retries included.
     */
    @Override
    public void put(ObjectName name, byte[] data, int length) throws StorageException {
        Objects.checkFromIndexSize(0, length, data.length);
        boolean staged = length > config.singleUploadThreshold();
        BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromByteBuffer(ByteBuffer.wrap(data, 0, length)))
                .setParallelTransferOptions(new ParallelTransferOptions()
                        .setBlockSizeLong(config.blockSize())
                        .setMaxConcurrency(config.blockConcurrency())
                        .setMaxSingleUploadSizeLong(config.singleUploadThreshold()))
                .setHeaders(new BlobHttpHeaders().setContentType("application/octet-stream"))
                .setComputeMd5(true);
        AzureImmutability worm = config.immutability();
        if (worm != null && name.kind() != ObjectKind.LOCK) {
            options.setImmutabilityPolicy(new BlobImmutabilityPolicy()
                    .setExpiryTime(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(worm.retentionDays()))
                    .setPolicyMode(worm.locked() ? BlobImmutabilityPolicyMode.LOCKED : BlobImmutabilityPolicyMode.UNLOCKED));
        }
        limited(staged ? config.blockConcurrency() : 1, "put " + name, () -> {
            try {
                blob(name).uploadWithResponse(options, null, Context.NONE);
                return null;
            } catch (RuntimeException e) {
                throw AzureErrors.translate("put " + name, name, config.container(), e);
            }
        });
    }

    @Override
    public byte[] get(ObjectName name) throws StorageException {
        return limited(1, "get " + name, () -> {
            try {
                return blob(name).downloadContentWithResponse(null, null, null, Context.NONE).getValue().toBytes();
            } catch (RuntimeException e) {
                throw AzureErrors.translate("get " + name, name, config.container(), e);
            }
        });
    }

    @Override
    public byte[] get(ObjectName name, long offset, int length) throws StorageException {
        if (offset < 0 || length < 0) {
            throw new PermanentStorageException("negative range for " + name);
        }
        if (length == 0) {
            long size = size(name);
            if (offset > size) {
                throw new PermanentStorageException("range " + offset + "+0 past the end of " + name + " (" + size
                        + " bytes)");
            }
            return new byte[0];
        }
        byte[] out = limited(1, "get " + name, () -> {
            try {
                return blob(name).downloadContentWithResponse(null, null, new BlobRange(offset, (long) length), false,
                        null, Context.NONE).getValue().toBytes();
            } catch (RuntimeException e) {
                BlobStorageException bse = AzureErrors.find(e, BlobStorageException.class);
                if (bse != null && bse.getStatusCode() == 416) {
                    throw new PermanentStorageException("range " + offset + "+" + length + " past the end of " + name,
                            bse);
                }
                throw AzureErrors.translate("get " + name + " [" + offset + "+" + length + "]", name,
                        config.container(), e);
            }
        });
        if (out.length != length) {
            throw new PermanentStorageException("range " + offset + "+" + length + " past the end of " + name
                    + " (only " + out.length + " bytes from the offset)");
        }
        return out;
    }

    private long size(ObjectName name) throws StorageException {
        return limited(1, "stat " + name, () -> {
            try {
                return blob(name).getProperties().getBlobSize();
            } catch (RuntimeException e) {
                throw AzureErrors.translate("stat " + name, name, config.container(), e);
            }
        });
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws StorageException {
        List<ObjectInfo> out = new ArrayList<>();
        if (kind == ObjectKind.CONFIG) {
            try {
                out.add(new ObjectInfo(ObjectName.CONFIG, size(ObjectName.CONFIG)));
            } catch (ObjectNotFoundException absent) {
                // no config: empty listing
            }
            return out;
        }
        String prefix = root + kind.directory() + "/";
        return limited(1, "list " + kind.directory(), () -> {
            try {
                for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix)
                        .setMaxResultsPerPage(5000), null)) {
                    if (Boolean.TRUE.equals(item.isDeleted()) || Boolean.TRUE.equals(item.isPrefix())) {
                        continue;
                    }
                    ObjectName n = parse(kind, item.getName().substring(prefix.length()));
                    if (n != null) {
                        out.add(new ObjectInfo(n, item.getProperties().getContentLength()));
                    }
                }
                return out;
            } catch (RuntimeException e) {
                throw AzureErrors.translate("list " + kind.directory(), null, config.container(), e);
            }
        });
    }

    /** The object a blob name (relative to its kind's directory) names, or null for blobs that are no repository object. */
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
        limited(1, "delete " + name, () -> {
            try {
                blob(name).deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
                return null;
            } catch (RuntimeException e) {
                throw AzureErrors.translate("delete " + name, name, config.container(), e);
            }
        });
    }

    @Override
    public boolean exists(ObjectName name) throws StorageException {
        return limited(1, "exists " + name, () -> {
            try {
                return blob(name).exists();
            } catch (RuntimeException e) {
                throw AzureErrors.translate("exists " + name, name, config.container(), e);
            }
        });
    }

    @Override
    public String describe() {
        return location;
    }
}
