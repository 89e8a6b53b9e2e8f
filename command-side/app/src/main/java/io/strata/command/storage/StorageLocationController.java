package io.strata.command.storage;

import io.strata.command.datadir.DataDirectory;
import io.strata.command.hostpath.HostPathClaims;
import io.strata.command.hostpath.HostPaths;
import io.strata.command.registry.TransactionalCommands;
import io.strata.kernel.error.DisplayNames;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.storage.CreateStorageLocationCommand;
import io.strata.kernel.storage.StorageType;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /api/v1/storage-locations}: creating storage locations (listing them is on the query side). */
@RestController
@RequestMapping("/api/v1/storage-locations")
@EnableConfigurationProperties(StorageProperties.class)
class StorageLocationController {

    private final TransactionalCommands commands;
    private final StorageBackends backends;
    private final StorageCredentials credentials;
    private final List<Path> localRoots;
    private final Path defaultRoot;
    private final HostPathClaims claims;

    StorageLocationController(TransactionalCommands commands, StorageBackends backends, StorageCredentials credentials,
                              StorageProperties properties, DataDirectory dataDirectory,
                              HostPathClaims claims) {
        this.commands = commands;
        this.claims = claims;
        this.backends = backends;
        this.credentials = credentials;
        this.defaultRoot = dataDirectory.resolve("storage");
        this.localRoots = new ArrayList<>(properties.localRoots());
        this.localRoots.add(defaultRoot);
    }

    /**
     * The body: {@code path} for LOCAL; {@code endpoint}, {@code bucket}, {@code accessKey}, {@code secretKey}
     * and optional {@code region}, {@code addressing} (AUTO, PATH, VIRTUAL_HOST), {@code prefix},
     * {@code caCertificatePem} for S3; {@code container} with one of {@code connectionString},
     * {@code accountName}+{@code accountKey} (+ {@code endpoint}) or {@code sasUrl}, and optional {@code prefix}
     * for AZURE. Secrets are write-only: sealed at rest, never returned.
     */
    record Create(@NotBlank @Size(max = 100) String name, @NotNull StorageType type, @Size(max = 4096) String path,
                  @Size(max = 2048) String endpoint, @Size(max = 255) String bucket, @Size(max = 64) String region,
                  @Size(max = 20) String addressing, @Size(max = 512) String prefix, @Size(max = 512) String accessKey,
                  @Size(max = 512) String secretKey, @Size(max = 65536) String caCertificatePem,
                  @Size(max = 255) String container, @Size(max = 4096) String connectionString,
                  @Size(max = 255) String accountName, @Size(max = 512) String accountKey, @Size(max = 4096) String sasUrl) {

        @Override
        public String toString() {
            return "Create[name=" + name + ", type=" + type + "]";
        }
    }

    record Created(String storageLocationId) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    Created create(@Valid @RequestBody Create request) {
        Caller caller = CurrentCaller.require();
        String name = DisplayNames.require(request.name(), "INVALID_STORAGE_LOCATION_NAME", "storage location");
        StorageLocationId id = StorageLocationId.random();
        if (request.type() == StorageType.LOCAL) {
            // one transaction: the directory is claimed (HostPathClaims) and the location created together
            return commands.inTransaction(() -> {
                Path path = localPath(request.path(), id, caller.tenantId());
                commands.send(new CreateStorageLocationCommand(id, caller.tenantId(), name, StorageType.LOCAL,
                        Map.of("path", path.toString())));
                return new Created(id.value());
            });
        }
        ObjectStoreSettings store = request.type() == StorageType.S3 ? ObjectStoreSettings.s3(request)
                : ObjectStoreSettings.azure(request);
        try {
            backends.probe(store.settings(), store.secrets(), request.type().name());
        } catch (io.strata.engine.storage.RetryableStorageException e) {
            throw new DomainException(ErrorKind.UNAVAILABLE, "STORAGE_LOCATION_UNREACHABLE",
                    "The storage could not be reached: " + e.getMessage());
        } catch (io.strata.engine.storage.StorageException | IllegalArgumentException e) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_LOCATION_UNUSABLE",
                    "The storage refused these settings: " + e.getMessage());
        }
        commands.inTransaction(() -> {
            credentials.store(id, store.secrets());
            return commands.send(new CreateStorageLocationCommand(id, caller.tenantId(), name,
                    request.type(), store.settings()));
        });
        return new Created(id.value());
    }

    /**
     * The location's directory: the given one if it lies below an allowed root (not the root itself, where
     * other locations get theirs) and no other directory claims it ({@link HostPathClaims}: another tenant's
     * location directory, any LOCAL server's directory, the platform's data directory; a tenant may point a
     * new location at one of its own, to reattach a repository); else one of its own under the data directory.
     * Both checks hold for the paths as written and once symbolic links are followed.
     */
    private Path localPath(String raw, StorageLocationId id, TenantId tenantId) {
        final Path path;
        try {
            path = raw == null ? defaultRoot.resolve(id.value()) : Path.of(raw);
        } catch (InvalidPathException e) {
            throw new DomainException(ErrorKind.INVALID, "INVALID_STORAGE_PATH", "'" + raw + "' is not a valid path");
        }
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            throw new DomainException(ErrorKind.INVALID, "INVALID_STORAGE_PATH", "The path must be absolute and normalised");
        }
        if (localRoots.stream().noneMatch(root -> path.startsWith(root.toAbsolutePath().normalize()))) {
            throw notAllowed(path);
        }
        Path real = HostPaths.resolved(path);
        if (localRoots.stream().noneMatch(root -> real.startsWith(HostPaths.resolved(root)))) {
            throw notAllowed(path); // a symbolic link under an allowed root leads outside
        }
        if (raw != null && localRoots.stream().anyMatch(root -> path.equals(root.toAbsolutePath().normalize())
                || real.equals(HostPaths.resolved(root)))) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_PATH_NOT_ALLOWED",
                    "Give a directory below " + path + ", not the allowed directory itself");
        }
        claims.conflict(tenantId, HostPathClaims.Claimant.STORAGE, path).ifPresent(why -> {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_PATH_TAKEN", why);
        });
        try {
            Files.createDirectories(path);
            if (!path.toRealPath().equals(real)) { // a link appeared while the checks ran
                throw notAllowed(path);
            }
            if (!Files.isWritable(real)) {
                throw new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_PATH_NOT_WRITABLE", "The path " + path + " is not writable");
            }
            return path;
        } catch (IOException e) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_PATH_NOT_WRITABLE",
                    "Cannot create " + path + ": " + e.getMessage());
        }
    }

    private static DomainException notAllowed(Path path) {
        return new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_PATH_NOT_ALLOWED",
                "The path " + path + " is outside the directories the operator allows for storage");
    }
}
