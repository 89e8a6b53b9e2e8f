package io.strata.query.backup;

import io.strata.kernel.backup.BackupStatus;
import io.strata.kernel.backup.BackupView;
import io.strata.kernel.backup.FindBackupQuery;
import io.strata.kernel.backup.FindBackupsQuery;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.plan.BackupLevel;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/backups[/{id}]}: the catalogue of the caller's backups, newest first. */
@RestController
class BackupCatalogueController {

    private final QueryGateway queries;

    BackupCatalogueController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/backups")
    List<BackupView> backups(@RequestParam(required = false) String planId, @RequestParam(required = false) String serverId,
                             @RequestParam(required = false) BackupStatus status, @RequestParam(required = false) BackupLevel level) {
        return queries.query(new FindBackupsQuery(CurrentCaller.require().tenantId(), planId, serverId, status, level),
                ResponseTypes.multipleInstancesOf(BackupView.class)).join();
    }

    @GetMapping("/api/v1/backups/{backupId}")
    BackupView backup(@PathVariable String backupId) {
        BackupId id;
        try {
            id = BackupId.of(backupId);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The backup");
        }
        return queries.query(new FindBackupQuery(CurrentCaller.require().tenantId(), id),
                        ResponseTypes.optionalInstanceOf(BackupView.class)).join()
                .orElseThrow(() -> DomainException.notFound("The backup"));
    }
}
