package io.strata.standalone.server;

import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a node whose operator allows the same directory for LOCAL servers and LOCAL storage, and the platform's
 * data directory for servers too: no tenant reaches another tenant's server directory, no server directory
 * overlaps a storage location's (restores would overwrite a repository, backups read it), and no server
 * directory holds the data directory (its key-encryption key would be backed up for the tenant to download).
 */
@TestPropertySource(properties = {
        "strata.storage.local-roots=${strata.test.local-root}",
        "strata.test.data-dir-as-server-root=true"})
class HostDirectoryClaimsTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Value("${strata.data-dir}")
    Path dataDir;

    @Value("${strata.db.url}")
    String dbUrl;

    @Test
    void anotherTenantsServerDirectoryIsNotReachable() throws Exception {
        Tenant owner = signUp();
        Tenant stranger = signUp();
        Path dir = Files.createDirectories(localRoot.resolve("srv-" + System.nanoTime()));
        Files.createDirectories(dir.resolve("inner"));
        assertThat(registerLocal(owner, dir).status()).isEqualTo(201);

        assertProblem(registerLocal(stranger, dir), 422, "LOCAL_PATH_TAKEN");
        assertProblem(registerLocal(stranger, dir.resolve("inner")), 422, "LOCAL_PATH_TAKEN");
        assertProblem(registerLocal(stranger, localRoot), 422, "LOCAL_PATH_TAKEN");
        Path link = localRoot.resolve("link-" + System.nanoTime());
        Files.createSymbolicLink(link, dir);
        assertProblem(registerLocal(stranger, link), 422, "LOCAL_PATH_TAKEN");
        assertThat(registerLocal(owner, dir.resolve("inner")).status()).as("the owner's own directories may nest")
                .isEqualTo(201);
    }

    @Test
    void serverAndStorageDirectoriesStayApartEvenForOneTenant() throws Exception {
        Tenant tenant = signUp();
        Path server = Files.createDirectories(localRoot.resolve("srv-" + System.nanoTime()));
        assertThat(registerLocal(tenant, server).status()).isEqualTo(201);
        assertProblem(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "inside", "type", "LOCAL",
                "path", server.resolve("repo").toString())), 422, "STORAGE_PATH_TAKEN");
        assertThat(Files.exists(server.resolve("repo"))).as("a refused location is not created").isFalse();

        Path storage = localRoot.resolve("st-" + System.nanoTime());
        assertThat(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "beside", "type", "LOCAL",
                "path", storage.toString())).status()).isEqualTo(201);
        assertProblem(registerLocal(tenant, storage), 422, "LOCAL_PATH_TAKEN");
        Files.createDirectories(storage.resolve("sub"));
        assertProblem(registerLocal(signUp(), storage.resolve("sub")), 422, "LOCAL_PATH_TAKEN");
    }

    @Test
    void theDataDirectoryIsNoServersDirectory() throws Exception {
        Tenant tenant = signUp();
        assertProblem(registerLocal(tenant, dataDir), 422, "LOCAL_PATH_TAKEN");
        try (var entries = Files.list(dataDir)) {
            Path inside = entries.filter(Files::isDirectory).findFirst().orElseThrow();
            assertProblem(registerLocal(tenant, inside), 422, "LOCAL_PATH_TAKEN");
        }
    }

    /**
     * Claims are serialised cluster-wide by an advisory lock held in the registering transaction: while another
     * session holds it, a registration waits; two tenants racing for one directory never both get it.
     */
    @Test
    void claimsAreSerialisedAcrossNodes() throws Exception {
        Tenant tenant = signUp();
        Path dir = Files.createDirectories(localRoot.resolve("srv-" + System.nanoTime()));
        try (java.sql.Connection other = java.sql.DriverManager.getConnection(dbUrl, "postgres", "")) {
            try (var lock = other.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, CLAIMS_LOCK);
                lock.execute();
            }
            var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> registerLocal(tenant, dir));
            Thread.sleep(1_500);
            assertThat(waiting).as("a claim waits while another holds the lock").isNotDone();
            try (var unlock = other.prepareStatement("select pg_advisory_unlock(?)")) {
                unlock.setLong(1, CLAIMS_LOCK);
                unlock.execute();
            }
            assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(201);
        }

        for (int round = 0; round < 5; round++) {
            Path contested = Files.createDirectories(localRoot.resolve("contested-" + System.nanoTime()));
            Tenant a = signUp();
            Tenant b = signUp();
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> registerLocal(a, contested));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> registerLocal(b, contested));
            assertThat(java.util.List.of(first.get(30, java.util.concurrent.TimeUnit.SECONDS).status(),
                    second.get(30, java.util.concurrent.TimeUnit.SECONDS).status()))
                    .as("one tenant gets the directory").containsExactlyInAnyOrder(201, 422);
        }
    }

    /** The advisory lock key HostPathClaims uses. */
    private static final long CLAIMS_LOCK = 0x5354524154414850L;

    private io.strata.standalone.support.Api.Response registerLocal(Tenant tenant, Path dir) {
        return api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "local " + System.nanoTime(),
                "localPath", dir.toString()));
    }
}
