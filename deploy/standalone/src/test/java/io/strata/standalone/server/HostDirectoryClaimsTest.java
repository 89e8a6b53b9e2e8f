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

    private io.strata.standalone.support.Api.Response registerLocal(Tenant tenant, Path dir) {
        return api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "local " + System.nanoTime(),
                "localPath", dir.toString()));
    }
}
