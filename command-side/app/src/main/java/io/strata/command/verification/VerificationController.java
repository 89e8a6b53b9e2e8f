package io.strata.command.verification;

import io.strata.command.backup.BackupRegistry;
import io.strata.command.registry.TransactionalCommands;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.VerificationId;
import io.strata.kernel.verification.RequestVerificationCommand;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/backups/{id}/verifications}: verifying a successful backup's data in storage. */
@RestController
class VerificationController {

    private final TransactionalCommands commands;
    private final BackupRegistry backups;

    VerificationController(TransactionalCommands commands, BackupRegistry backups) {
        this.commands = commands;
        this.backups = backups;
    }

    record Request(Boolean readData, String sourceLocationId) {
    }

    record Accepted(String verificationId) {
    }

    @PostMapping("/api/v1/backups/{backupId}/verifications")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted verify(@PathVariable String backupId, @Valid @RequestBody Request request) {
        Caller caller = CurrentCaller.require();
        BackupId id;
        try {
            id = BackupId.of(backupId);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The backup");
        }
        var backup = backups.find(caller.tenantId(), id).orElseThrow(() -> DomainException.notFound("The backup"));
        if (!backup.restorable()) {
            throw new DomainException(ErrorKind.CONFLICT, "BACKUP_NOT_VERIFIABLE",
                    "Only a successful backup that stored data can be verified; this one is " + backup.status());
        }
        StorageLocationId location = request.sourceLocationId() == null ? backup.storageLocationId()
                : backup.syncedLocations().stream().filter(l -> l.value().equals(request.sourceLocationId())).findFirst()
                .orElseThrow(() -> new DomainException(ErrorKind.UNPROCESSABLE, "LOCATION_NOT_SYNCED",
                        "The backup is not (yet) complete in location " + request.sourceLocationId(),
                        java.util.Map.of("field", "sourceLocationId")));
        VerificationId verificationId = VerificationId.random();
        commands.send(new RequestVerificationCommand(verificationId, caller.tenantId(), id,
                Boolean.TRUE.equals(request.readData()), location, backup.snapshotIds()));
        return new Accepted(verificationId.value());
    }
}
