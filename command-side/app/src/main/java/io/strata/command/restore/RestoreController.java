package io.strata.command.restore;

import io.strata.command.backup.BackupRegistry;
import io.strata.command.registry.TransactionalCommands;
import io.strata.command.repository.TenantRepositories;
import io.strata.command.server.LocalServerPaths;
import io.strata.command.server.ServerPathForm;
import io.strata.command.server.ServerRegistry;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.metadata.FileNames;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.restorer.Restorer;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.restore.RequestRestoreCommand;
import io.strata.kernel.server.ServerKind;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code POST /api/v1/backups/{id}/restores}: restoring a successful backup (its state is on the query side). */
@RestController
class RestoreController {
    private static final Logger log = LoggerFactory.getLogger(RestoreController.class);

    private final TransactionalCommands commands;
    private final BackupRegistry backups;
    private final ServerRegistry servers;
    private final LocalServerPaths localPaths;
    private final StorageLocationRegistry locations;
    private final TenantRepositories repositories;

    RestoreController(TransactionalCommands commands, BackupRegistry backups, ServerRegistry servers,
                      LocalServerPaths localPaths, StorageLocationRegistry locations, TenantRepositories repositories) {
        this.commands = commands;
        this.backups = backups;
        this.servers = servers;
        this.localPaths = localPaths;
        this.locations = locations;
        this.repositories = repositories;
    }

    record Request(@Size(max = 64) String targetServerId,
                   @NotBlank @Size(max = 4096) String targetPath,
                   @Size(max = 1000) List<@NotBlank @Size(max = 4096) String> paths,
                   Boolean overwrite,
                   @Size(max = 64) String sourceLocationId) {
    }

    record Accepted(String restoreId) {
    }

    @PostMapping("/api/v1/backups/{backupId}/restores")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted restore(@PathVariable String backupId, @Valid @RequestBody Request request) {
        Caller caller = CurrentCaller.require();
        var backup = backups.find(caller.tenantId(), parse(backupId, BackupId::of, "The backup"))
                .orElseThrow(() -> DomainException.notFound("The backup"));
        if (!backup.restorable()) {
            throw new DomainException(ErrorKind.CONFLICT, "BACKUP_NOT_RESTORABLE", "Only a successful backup that is not a"
                    + " dry run can be restored; this one is " + backup.status() + (backup.dryRun() ? " (dry run)" : ""));
        }
        ServerId targetId = request.targetServerId() == null ? backup.serverId()
                : parse(request.targetServerId(), ServerId::of, "The target server");
        var target = servers.find(caller.tenantId(), targetId).orElseThrow(() -> new DomainException(
                ErrorKind.UNPROCESSABLE, "UNKNOWN_SERVER", "The target server does not exist", Map.of("field", "targetServerId")));
        String targetPath = absolute(request.targetPath(), "targetPath");
        if (target.kind() == ServerKind.LOCAL && !ServerPathForm.nameableHere(targetPath)) {
            throw new DomainException(ErrorKind.INVALID, "INVALID_PATH", "'" + targetPath
                    + "' cannot be named on this node's host: its file names are in " + FileNames.charset(),
                    Map.of("field", "targetPath"));
        }
        if (target.kind() == ServerKind.LOCAL && !ServerPathForm.isWithin(targetPath, target.localPath())) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "PATH_OUTSIDE_SERVER",
                    "The target path is outside the LOCAL server's directory " + target.localPath());
        }
        if (target.kind() == ServerKind.LOCAL) { // checked again, links followed, when the restore runs
            localPaths.outside(target.localPath(), List.of(targetPath), false).ifPresent(why -> {
                throw new DomainException(ErrorKind.UNPROCESSABLE, "PATH_OUTSIDE_SERVER", why, Map.of("field", "targetPath"));
            });
        }
        List<String> paths = request.paths() == null ? List.of()
                : request.paths().stream().map(path -> absolute(path, "paths")).toList();
        StorageLocationId source = backup.storageLocationId();
        if (request.sourceLocationId() != null) {
            source = backup.syncedLocations().stream().filter(id -> id.value().equals(request.sourceLocationId()))
                    .findFirst().orElseThrow(() -> new DomainException(ErrorKind.UNPROCESSABLE, "LOCATION_NOT_SYNCED",
                            "The backup is not (yet) complete in location " + request.sourceLocationId(),
                            Map.of("field", "sourceLocationId")));
        }
        requireInBackup(caller, backup.snapshotIds(), source, paths);
        RestoreId restoreId = RestoreId.random();
        commands.send(new RequestRestoreCommand(restoreId, caller.tenantId(), backup.backupId(), targetId, targetPath, paths,
                Boolean.TRUE.equals(request.overwrite()), source, backup.snapshotIds()));
        return new Accepted(restoreId.value());
    }

    /**
     * Refuses (422 PATH_NOT_IN_BACKUP, listing them) paths of which no snapshot of the backup has anything, so the
     * caller learns it now rather than from a failed restore. When the repository cannot be read now (storage
     * down: the restore may read a replica when it runs), the restore checks again before touching its target.
     */
    private void requireInBackup(Caller caller, List<String> snapshotIds, StorageLocationId source, List<String> paths) {
        if (paths.isEmpty()) {
            return;
        }
        var location = locations.find(caller.tenantId(), source);
        if (location.isEmpty()) {
            return; // the run reports the location gone
        }
        List<String> missing;
        try (Repository repository = repositories.openExisting(caller.tenantId(), location.get())) {
            missing = BackupIncludes.missing(new Restorer(repository), snapshotIds, paths);
        } catch (RepositoryException | DomainException e) {
            log.info("Restore paths of a backup not checked on request ({}); the restore checks them when it runs",
                    e.getMessage());
            return;
        }
        if (!missing.isEmpty()) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "PATH_NOT_IN_BACKUP",
                    "The backup has nothing at " + String.join(", ", missing), Map.of("field", "paths"));
        }
    }

    private static String absolute(String raw, String field) {
        if (ServerPathForm.isValid(raw)) {
            return raw;
        }
        throw new DomainException(ErrorKind.INVALID, "INVALID_PATH", "'" + raw + "' must be " + ServerPathForm.RULE,
                Map.of("field", field));
    }

    private static <T> T parse(String raw, Function<String, T> parser, String what) {
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound(what);
        }
    }
}
