package io.strata.command.storage;

import io.strata.command.datadir.DataDirectory;
import io.strata.command.registry.TransactionalCommands;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.StorageLocationId;
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
    private final List<Path> localRoots;
    private final Path defaultRoot;

    StorageLocationController(TransactionalCommands commands, StorageProperties properties, DataDirectory dataDirectory) {
        this.commands = commands;
        this.defaultRoot = dataDirectory.resolve("storage");
        this.localRoots = new ArrayList<>(properties.localRoots());
        this.localRoots.add(defaultRoot);
    }

    record Create(@NotBlank @Size(max = 100) String name, @NotNull StorageType type, @Size(max = 4096) String path) {
    }

    record Created(String storageLocationId) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    Created create(@Valid @RequestBody Create request) {
        Caller caller = CurrentCaller.require();
        StorageLocationId id = StorageLocationId.random();
        if (request.type() != StorageType.LOCAL) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_TYPE_NOT_SUPPORTED",
                    "This node stores backups in LOCAL locations only; " + request.type() + " is not available here");
        }
        Path path = localPath(request.path(), id);
        commands.send(new CreateStorageLocationCommand(id, caller.tenantId(), request.name().strip(), StorageType.LOCAL,
                Map.of("path", path.toString())));
        return new Created(id.value());
    }

    /** The location's directory: the given one if it lies under an allowed root, else one under the data directory. */
    private Path localPath(String raw, StorageLocationId id) {
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
        try {
            Files.createDirectories(path);
            Path real = path.toRealPath();
            boolean allowed = false;
            for (Path root : localRoots) {
                if (Files.isDirectory(root) && real.startsWith(root.toRealPath())) {
                    allowed = true;
                }
            }
            if (!allowed) { // a symbolic link under an allowed root pointed outside
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
