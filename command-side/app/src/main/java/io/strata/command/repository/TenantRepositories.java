package io.strata.command.repository;

import io.strata.command.keys.KeyEncryptionKey;
import io.strata.command.storage.StorageBackends;
import io.strata.command.storage.StorageLocationRegistry.RegisteredLocation;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryNotFoundException;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import io.strata.engine.storage.memory.MemoryStorage;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * Opens a tenant's repository in a storage location, creating it on first use. Creation takes a
 * transaction-scoped advisory lock for the (tenant, location) pair, so two workers starting the tenant's
 * first backups at once create one repository.
 */
@Component
public class TenantRepositories {

    private final KeyEncryptionKey kek;
    private final StorageBackends backends;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public TenantRepositories(KeyEncryptionKey kek, StorageBackends backends, JdbcTemplate jdbc,
                              TransactionTemplate transactions, Clock clock) {
        this.kek = kek;
        this.backends = backends;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The tenant's repository in the location, created if it does not exist yet. Callers close it. */
    public Repository open(TenantId tenantId, RegisteredLocation location) {
        Storage storage = storage(tenantId, location);
        Credentials credentials = credentials(tenantId);
        RepositoryOptions options = RepositoryOptions.defaults().withClock(clock);
        try {
            return Repository.open(storage, credentials, options);
        } catch (RepositoryNotFoundException missing) {
            return transactions.execute(status -> {
                jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
                        "repository:" + tenantId + ":" + location.id());
                if (exists(storage)) {
                    return Repository.open(storage, credentials, options);
                }
                return Repository.init(storage, credentials, options);
            });
        }
    }

    /** The tenant's existing repository in the location; refuses (REPOSITORY_NOT_FOUND) if there is none. */
    public Repository openExisting(TenantId tenantId, RegisteredLocation location) {
        try {
            return Repository.open(storage(tenantId, location), credentials(tenantId),
                    RepositoryOptions.defaults().withClock(clock));
        } catch (RepositoryNotFoundException e) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "REPOSITORY_NOT_FOUND", e.getMessage());
        }
    }

    /**
     * The tenant's repository for a dry run, which must write nothing: the real one if it exists (the engine
     * writes nothing in a dry run), else a fresh repository in memory, so the run has nothing to deduplicate
     * against, as the first real backup would not.
     */
    public Repository openForDryRun(TenantId tenantId, RegisteredLocation location) {
        Storage storage = storage(tenantId, location);
        RepositoryOptions options = RepositoryOptions.defaults().withClock(clock);
        if (exists(storage)) {
            return Repository.open(storage, credentials(tenantId), options);
        }
        return Repository.init(new MemoryStorage(), credentials(tenantId), options);
    }

    /** The storage holding the tenant's repository in the location (shared: callers do not close it). */
    public Storage storage(TenantId tenantId, RegisteredLocation location) {
        return backends.of(tenantId, location);
    }

    /** The tenant's repository credentials: a key derived from the platform KEK for this tenant. */
    public Credentials credentials(TenantId tenantId) {
        return new Credentials.KeyEncryptionKey(kek.derive("repository:" + tenantId.value()));
    }

    private static boolean exists(Storage storage) {
        try {
            return storage.exists(ObjectName.CONFIG);
        } catch (StorageException e) {
            throw new IllegalStateException("Cannot reach " + storage.describe(), e);
        }
    }
}
