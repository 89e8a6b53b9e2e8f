package io.strata.command.verification;

import io.strata.command.repository.TenantRepositories;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.checker.AffectedFile;
import io.strata.engine.checker.CheckResult;
import io.strata.engine.checker.Checker;
import io.strata.engine.checker.DamagedObject;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.VerificationId;
import io.strata.kernel.verification.FailVerificationCommand;
import io.strata.kernel.verification.IntegrityProblem;
import io.strata.kernel.verification.RecordIntegrityCommand;
import io.strata.kernel.verification.StartVerificationCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the repository holding a backup with the engine's checker (structure; with read-data every object's
 * name is its hash and every blob decrypts and matches its id) and keeps the problems that touch the
 * backup: a damaged blob that one of its files needs, or damage whose reach the checker cannot tell (an
 * unreadable index or snapshot), which is reported rather than assumed harmless.
 */
@Component
class VerificationRunner {

    private static final Logger log = LoggerFactory.getLogger(VerificationRunner.class);
    private static final int MAX_FILES_PER_PROBLEM = 100;

    private final CommandGateway commands;
    private final StorageLocationRegistry locations;
    private final TenantRepositories repositories;
    private final String worker = ManagementFactory.getRuntimeMXBean().getName();

    VerificationRunner(CommandGateway commands, StorageLocationRegistry locations, TenantRepositories repositories) {
        this.commands = commands;
        this.locations = locations;
        this.repositories = repositories;
    }

    void run(VerificationTask task) {
        VerificationId id = VerificationId.of(task.verificationId());
        TenantId tenantId = TenantId.of(task.tenantId());
        try {
            if (!Boolean.TRUE.equals(send(task, new StartVerificationCommand(id, tenantId, worker)))) {
                return;
            }
        } catch (DomainException finished) {
            return;
        }
        try {
            var location = locations.find(tenantId, StorageLocationId.of(task.storageLocationId()))
                    .orElseThrow(() -> new DomainException(io.strata.kernel.error.ErrorKind.UNPROCESSABLE,
                            "STORAGE_LOCATION_NOT_FOUND", "The backup's storage location is gone"));
            CheckResult result;
            try (Repository repository = repositories.openExisting(tenantId, location)) {
                result = new Checker(repository).check(task.readData());
            }
            List<IntegrityProblem> problems = problemsFor(result, task.snapshotIds());
            send(task, new RecordIntegrityCommand(id, tenantId, result.blobsChecked(), problems));
            log.info("Verification {}: {} blobs checked, {} problems", id, result.blobsChecked(), problems.size());
        } catch (DomainException e) {
            fail(task, id, tenantId, e.code(), e.getMessage());
        } catch (RepositoryException e) {
            fail(task, id, tenantId, "STORAGE_UNAVAILABLE", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Verification {} failed unexpectedly", id, e);
            fail(task, id, tenantId, "VERIFICATION_ERROR", String.valueOf(e.getMessage()));
        }
    }

    /** The damaged objects that concern the backup, each with the backup's files that need it. */
    static List<IntegrityProblem> problemsFor(CheckResult result, List<String> snapshots) {
        Set<String> ours = Set.copyOf(snapshots);
        Map<String, List<String>> filesByBlob = result.affectedFiles().stream()
                .filter(file -> ours.contains(file.snapshot().toString()))
                .collect(Collectors.groupingBy(AffectedFile::blob,
                        Collectors.mapping(AffectedFile::path, Collectors.toList())));
        boolean touchesUs = result.affectedSnapshots().stream().map(SnapshotId::toString).anyMatch(ours::contains);
        List<IntegrityProblem> problems = new ArrayList<>();
        for (DamagedObject damaged : result.damaged()) {
            List<String> files = damaged.blob() == null ? List.of() : filesByBlob.getOrDefault(damaged.blob(), List.of());
            boolean unknownReach = result.affectedSnapshots().isEmpty() || damaged.blob() == null;
            if (!files.isEmpty() || unknownReach || touchesUs) {
                problems.add(new IntegrityProblem(damaged.object(), damaged.reason(),
                        files.stream().distinct().limit(MAX_FILES_PER_PROBLEM).toList()));
            }
        }
        return problems;
    }

    private void fail(VerificationTask task, VerificationId id, TenantId tenantId, String code, String message) {
        log.warn("Verification {} could not run: {} {}", id, code, message);
        try {
            send(task, new FailVerificationCommand(id, tenantId, code, message));
        } catch (DomainException e) {
            log.info("Verification {} ended meanwhile: {}", id, e.getMessage());
        }
    }

    private <R> R send(VerificationTask task, Object command) {
        var message = GenericCommandMessage.asCommandMessage(command);
        if (task.requestedBy() != null) {
            message = message.andMetaData(Map.of(MetadataKeys.USER_ID, task.requestedBy()));
        }
        return commands.sendAndWait(message);
    }
}
