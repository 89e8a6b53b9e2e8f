package io.strata.command.storage;

import io.strata.command.storage.StorageLocationRegistry.RegisteredLocation;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import io.strata.engine.storage.azure.AzureBlobConfig;
import io.strata.engine.storage.azure.AzureBlobStorage;
import io.strata.engine.storage.azure.AzureCredentials;
import io.strata.engine.storage.local.LocalStorage;
import io.strata.engine.storage.retry.RetryingStorage;
import io.strata.engine.storage.s3.S3Config;
import io.strata.engine.storage.s3.S3Credentials;
import io.strata.engine.storage.s3.S3Storage;
import io.strata.kernel.identity.TenantId;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage of a tenant's repository in a location: a directory {@code <path>/<tenantId>} (LOCAL), or the
 * key prefix {@code <prefix>/<tenantId>} in a bucket (S3) or container (AZURE). Object-storage clients hold
 * connection pools, so one instance per location and tenant is kept for the node's lifetime and shared by
 * every job; callers never close what they get. S3 calls are retried with backoff by the engine's retry
 * decorator; the Azure SDK retries its own calls.
 */
@Component
public class StorageBackends {

    private final StorageCredentials credentials;
    private final Map<String, Storage> open = new ConcurrentHashMap<>();

    public StorageBackends(StorageCredentials credentials) {
        this.credentials = credentials;
    }

    /** The tenant's storage in the location (shared; do not close). */
    public Storage of(TenantId tenantId, RegisteredLocation location) {
        return open.computeIfAbsent(location.id().value() + "/" + tenantId.value(),
                key -> create(location, credentials.of(location.id()), tenantId.value(), false));
    }

    /**
     * A client for a location being created: checks that its bucket or container exists or can be created
     * with these settings and credentials, and returns nothing to keep.
     */
    void probe(Map<String, String> settings, Map<String, String> secrets, String type) throws StorageException {
        Storage storage = create(new RegisteredLocation(null, null, "probe", io.strata.kernel.storage.StorageType.valueOf(type),
                settings), secrets, null, true);
        try {
            if (storage instanceof S3Storage s3) {
                s3.ensureBucket();
            } else if (storage instanceof AzureBlobStorage azure) {
                azure.ensureContainer();
            }
        } finally {
            storage.close();
        }
    }

    private static Storage create(RegisteredLocation location, Map<String, String> secrets, String tenant, boolean probe) {
        Map<String, String> settings = location.settings();
        return switch (location.type()) {
            case LOCAL -> new LocalStorage(Path.of(settings.get("path")).resolve(tenant));
            case S3 -> {
                S3Config.Builder config = S3Config.builder(URI.create(settings.get("endpoint")), settings.get("bucket"))
                        .prefix(prefix(settings.get("prefix"), tenant))
                        .addressing(S3Config.Addressing.valueOf(settings.getOrDefault("addressing", "AUTO")))
                        .createBucket(probe);
                if (settings.get("region") != null) {
                    config.region(settings.get("region"));
                }
                if (secrets.get("caCertificatePem") != null) {
                    config.caCertificatesPem(secrets.get("caCertificatePem"));
                }
                S3Storage s3 = new S3Storage(config.build(), new S3Credentials(secrets.get("accessKey"), secrets.get("secretKey")));
                yield probe ? s3 : RetryingStorage.withDefaults(s3);
            }
            case AZURE -> new AzureBlobStorage(AzureBlobConfig.builder(settings.get("container"))
                    .prefix(prefix(settings.get("prefix"), tenant)).createContainer(probe).build(), azureCredentials(secrets));
        };
    }

    private static AzureCredentials azureCredentials(Map<String, String> secrets) {
        if (secrets.get("connectionString") != null) {
            return new AzureCredentials.ConnectionString(secrets.get("connectionString"));
        }
        if (secrets.get("sasUrl") != null) {
            return new AzureCredentials.Sas(URI.create(secrets.get("sasUrl")), null);
        }
        return new AzureCredentials.SharedKey(secrets.get("accountName"), secrets.get("accountKey"),
                secrets.get("endpoint") == null ? null : URI.create(secrets.get("endpoint")));
    }

    private static String prefix(String base, String tenant) {
        String root = base == null || base.isBlank() ? "" : base.replaceAll("^/+|/+$", "");
        if (tenant == null) {
            return root.isEmpty() ? null : root;
        }
        return root.isEmpty() ? tenant : root + "/" + tenant;
    }

    @PreDestroy
    void close() {
        open.values().forEach(storage -> {
            try {
                storage.close();
            } catch (StorageException e) {
                // closing at shutdown: nothing left to save
            }
        });
        open.clear();
    }
}
