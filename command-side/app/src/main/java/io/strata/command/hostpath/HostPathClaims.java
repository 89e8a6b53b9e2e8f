package io.strata.command.hostpath;

import io.strata.command.datadir.DataDirectory;
import io.strata.kernel.identity.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the directories of the platform host that tenants reach apart. A LOCAL server's directory is read by
 * its backups and written by restores to it; a LOCAL storage location's directory holds a repository. So:
 * <ul>
 * <li>neither may hold the platform's data directory (its key-encryption key would be backed up, and could be
 *     downloaded, by a tenant), and a server's may not lie inside it either (storage locations keep their
 *     repositories under its {@code storage} directory);</li>
 * <li>a server's directory may not overlap any storage location's directory, nor a storage location's any
 *     server's: restores would overwrite a repository, and backups would read it (for its own tenant, back
 *     into itself);</li>
 * <li>neither may overlap another tenant's directory of the same kind.</li>
 * </ul>
 * "Overlap" is: the same directory, one inside the other. Paths are compared as written and with symbolic
 * links followed (a link under an allowed root, as a restore may leave, leads nowhere it could not lead
 * written out). Claims are serialised cluster-wide: {@link #conflict} takes a transaction-scoped advisory lock,
 * so the caller must check and register in one transaction (the registries are written in the transaction of
 * their events); a second claimant waits until the first has committed and then sees its claim.
 */
@Component
public class HostPathClaims {

    /** What claims a directory. */
    public enum Claimant { SERVER, STORAGE }

    /** The advisory lock key of host path claims (any constant no other part of the platform uses). */
    private static final long LOCK = 0x5354524154414850L; // "STRATAHP"

    private final JdbcTemplate jdbc;
    private final Path dataDirectory;

    public HostPathClaims(JdbcTemplate jdbc, DataDirectory dataDirectory) {
        this.jdbc = jdbc;
        this.dataDirectory = dataDirectory.dataDir().toAbsolutePath().normalize();
    }

    /**
     * Why {@code tenant} may not claim {@code path} (absolute, normalised) for {@code claimant}, or empty when
     * it may.
     */
    public Optional<String> conflict(TenantId tenant, Claimant claimant, Path path) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("host path claims are checked in the transaction that registers them");
        }
        jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, LOCK);
        Path real = HostPaths.resolved(path);
        Path data = HostPaths.resolved(dataDirectory);
        Path dataStorage = data.resolve("storage");
        boolean inDataStorage = claimant == Claimant.STORAGE && real.startsWith(dataStorage) && !real.equals(dataStorage);
        if (data.startsWith(real) || (real.startsWith(data) && !inDataStorage)) {
            return Optional.of("The path " + path + " overlaps the platform's data directory");
        }
        for (Claim other : claims()) {
            boolean sameTenant = other.tenantId().equals(tenant.value());
            boolean clashes = claimant == Claimant.SERVER
                    ? other.claimant() == Claimant.STORAGE || !sameTenant
                    : other.claimant() == Claimant.SERVER || !sameTenant;
            if (clashes && (HostPaths.overlap(path, other.path())
                    || HostPaths.overlap(real, HostPaths.resolved(other.path())))) {
                return Optional.of("The path " + path + " overlaps " + (other.claimant() == Claimant.SERVER
                        ? "the directory of a LOCAL server" : "the directory of a storage location")
                        + (sameTenant ? "" : " of another tenant"));
            }
        }
        return Optional.empty();
    }

    private record Claim(String tenantId, Claimant claimant, Path path) {
    }

    private List<Claim> claims() {
        return jdbc.query("select tenant_id, 'SERVER', local_path from server_registry"
                        + " where kind = 'LOCAL' and not removed and local_path is not null"
                        + " union all select tenant_id, 'STORAGE', settings::jsonb ->> 'path' from storage_location_registry"
                        + " where type = 'LOCAL' and settings::jsonb ->> 'path' is not null",
                (rs, row) -> new Claim(rs.getString(1), Claimant.valueOf(rs.getString(2)), Path.of(rs.getString(3))));
    }
}
