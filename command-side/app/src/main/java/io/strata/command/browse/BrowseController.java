package io.strata.command.browse;

import io.strata.command.backup.BackupRegistry;
import io.strata.command.repository.TenantRepositories;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.repository.Repository;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.BackupId;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.List;

/**
 * {@code GET /api/v1/backups/{id}/tree} and {@code …/download}: reads of a backup's content. They are
 * served by the command side because they read the repository (with the tenant's key), not a projection.
 */
@RestController
class BrowseController {

    private static final Logger log = LoggerFactory.getLogger(BrowseController.class);

    private final BackupRegistry backups;
    private final StorageLocationRegistry locations;
    private final TenantRepositories repositories;

    BrowseController(BackupRegistry backups, StorageLocationRegistry locations, TenantRepositories repositories) {
        this.backups = backups;
        this.locations = locations;
        this.repositories = repositories;
    }

    record Listing(String path, List<BackupContent.Entry> entries) {
    }

    @GetMapping("/api/v1/backups/{backupId}/tree")
    Listing tree(@PathVariable String backupId, @RequestParam(name = "path", defaultValue = "/") String asDecoded,
                 HttpServletRequest request) {
        String path = PathParameter.of(asDecoded, request.getQueryString());
        Caller caller = CurrentCaller.require();
        var backup = restorable(caller, backupId);
        try (Repository repository = open(caller, backup)) {
            return new Listing(path, new BackupContent(repository, backup.snapshotIds()).list(path));
        }
    }

    @GetMapping("/api/v1/backups/{backupId}/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String backupId,
                                                   @RequestParam(name = "path", defaultValue = "/") String asDecoded,
                                                   HttpServletRequest request) {
        String path = PathParameter.of(asDecoded, request.getQueryString());
        Caller caller = CurrentCaller.require();
        var backup = restorable(caller, backupId);
        Repository repository = open(caller, backup);
        BackupContent content;
        try {
            content = new BackupContent(repository, backup.snapshotIds());
            content.require(path); // before the answer starts, so a missing path is a 404, not a broken stream
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
        String name = "backup-" + backup.backupId() + (path.equals("/") ? "" : "-" + path.substring(path.lastIndexOf('/') + 1)) + ".tar";
        StreamingResponseBody body = out -> {
            try {
                content.tar(path, out);
            } catch (java.io.IOException e) {
                // only writing to the client fails this way: it closed the connection, which is its right
                log.info("Download of backup {} path {} ended by the client: {}", backup.backupId(), path, e.getMessage());
            } catch (RuntimeException e) { // the repository failed mid-stream: the client gets a cut tar, and we a record
                log.warn("Download of backup {} path {} stopped: {}", backup.backupId(), path, e.getMessage());
                throw e;
            } finally {
                repository.close();
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-tar"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }

    private BackupRegistry.RegisteredBackup restorable(Caller caller, String raw) {
        BackupId id;
        try {
            id = BackupId.of(raw);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The backup");
        }
        var backup = backups.find(caller.tenantId(), id).orElseThrow(() -> DomainException.notFound("The backup"));
        if (!backup.restorable()) {
            throw new DomainException(ErrorKind.CONFLICT, "BACKUP_NOT_RESTORABLE",
                    "Only a successful backup that stored data can be browsed; this one is " + backup.status());
        }
        return backup;
    }

    private Repository open(Caller caller, BackupRegistry.RegisteredBackup backup) {
        var location = locations.find(caller.tenantId(), backup.storageLocationId())
                .orElseThrow(() -> new DomainException(ErrorKind.UNPROCESSABLE, "STORAGE_LOCATION_NOT_FOUND",
                        "The backup's storage location is gone"));
        return repositories.openExisting(caller.tenantId(), location);
    }
}
