package io.strata.command.restore;

import io.strata.command.backup.BackupRegistry;
import io.strata.command.repository.TenantRepositories;
import io.strata.command.server.LocalServerPaths;
import io.strata.command.server.ServerRegistry;
import io.strata.command.server.SshConnections;
import io.strata.command.ssh.SftpOutput;
import io.strata.command.ssh.SftpSourceOptions;
import io.strata.command.ssh.SshConnection;
import io.strata.command.ssh.SshException;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.WriteRefusal;
import io.strata.engine.output.Output;
import io.strata.engine.output.OutputRefusedException;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.restorer.FailedFile;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.source.Source;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.restore.CompleteRestoreCommand;
import io.strata.kernel.restore.FailRestoreCommand;
import io.strata.kernel.restore.RecordRestoreSourceCommand;
import io.strata.kernel.restore.RestoreStats;
import io.strata.kernel.restore.StartRestoreCommand;
import io.strata.kernel.server.ServerKind;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Restores a backup's snapshots to the target: each snapshot's paths are recreated under the target path
 * (a file backed up as {@code /etc/hosts} lands at {@code <target>/etc/hosts}), every file's SHA-256
 * checked by the engine as it is written. A file that cannot be restored fails that file only; the restore
 * then ends FAILED with the list.
 */
@Component
class RestoreRunner {

    private static final Logger log = LoggerFactory.getLogger(RestoreRunner.class);
    private static final int MAX_LISTED_FAILURES = 1000;

    private final CommandGateway commands;
    private final ServerRegistry servers;
    private final BackupRegistry backups;
    private final StorageLocationRegistry locations;
    private final TenantRepositories repositories;
    private final SshConnections ssh;
    private final LocalServerPaths localPaths;
    private final Clock clock;
    private final String worker = ManagementFactory.getRuntimeMXBean().getName();

    RestoreRunner(CommandGateway commands, ServerRegistry servers, BackupRegistry backups, StorageLocationRegistry locations,
                  TenantRepositories repositories, SshConnections ssh, LocalServerPaths localPaths, Clock clock) {
        this.commands = commands;
        this.servers = servers;
        this.backups = backups;
        this.locations = locations;
        this.repositories = repositories;
        this.ssh = ssh;
        this.localPaths = localPaths;
        this.clock = clock;
    }

    void run(RestoreTask task) {
        RestoreId restoreId = RestoreId.of(task.restoreId());
        TenantId tenantId = TenantId.of(task.tenantId());
        int attempt;
        try {
            Integer started = send(task, new StartRestoreCommand(restoreId, tenantId, worker));
            if (started == null || started < 1) {
                return;
            }
            attempt = started;
        } catch (DomainException finished) {
            return;
        }
        Instant started = clock.instant();
        try {
            var server = servers.find(tenantId, ServerId.of(task.targetServerId()))
                    .orElseThrow(() -> new Failure("SERVER_NOT_FOUND", "The target server was removed"));
            long files = 0, bytes = 0, verified = 0, ownersNotApplied = 0, xattrsNotApplied = 0, failedCount = 0;
            List<String> failed = new ArrayList<>();
            RestoreResult.Refusal refused = null;
            try (Repository repository = openRepository(tenantId, task)) {
                Restorer restorer = new Restorer(repository);
                requireInBackup(restorer, task);
                try (Target target = open(server, task, attempt > 1)) {
                    Output output = target.output();
                    for (String snapshot : task.snapshotIds()) {
                        RestoreResult result = restorer.restore(RestoreRequest.all(new SnapshotId(snapshot))
                                .withIncludes(task.paths()).withWorkers(target.workers()), output);
                        files += result.filesRestored();
                        bytes += result.bytesRestored();
                        verified += result.filesVerified();
                        if (target.lost()) { // every file after the break failed: the break is the news, not the files
                            throw new Failure("SERVER_UNREACHABLE", "The connection to the server broke during the restore,"
                                    + " after " + files + " files; the files not restored were left as they were");
                        }
                        failedCount += result.failed().size();
                        for (FailedFile file : result.failed()) {
                            if (failed.size() < MAX_LISTED_FAILURES) {
                                failed.add(file.path() + ": " + file.reason());
                            }
                        }
                        if (result.targetRefused() != null) { // the restore stopped there: the next snapshot would too
                            refused = result.targetRefused();
                            break;
                        }
                    }
                    target.warnAboutMetadataLeftOut(restoreId);
                    ownersNotApplied = target.ownersNotApplied();
                    xattrsNotApplied = target.xattrsNotApplied();
                }
            }
            RestoreStats stats = new RestoreStats(files, bytes, verified, Duration.between(started, clock.instant()).toMillis(),
                    ownersNotApplied, xattrsNotApplied);
            if (refused != null) {
                Failure stop = refusal(refused.reason(), refused.message(), files);
                log.warn("Restore {} stopped, its target refuses writes: {}", restoreId, refused.message());
                send(task, new FailRestoreCommand(restoreId, tenantId, stop.code, stop.getMessage(), stats, failed));
            } else if (failed.isEmpty()) {
                send(task, new CompleteRestoreCommand(restoreId, tenantId, stats));
                log.info("Restore {} succeeded: {} files", restoreId, files);
            } else {
                send(task, new FailRestoreCommand(restoreId, tenantId, "RESTORE_INCOMPLETE", failedCount
                        + (failedCount == 1 ? " file" : " files") + " could not be restored"
                        + (failedCount > failed.size() ? " (the first " + failed.size() + " are listed)" : ""), stats, failed));
            }
        } catch (Failure e) {
            fail(task, restoreId, tenantId, e.code, e.getMessage());
        } catch (DomainException e) {
            fail(task, restoreId, tenantId, e.code(), e.getMessage());
        } catch (RepositoryException e) {
            fail(task, restoreId, tenantId, "STORAGE_UNAVAILABLE", e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("Restore {} failed unexpectedly", restoreId, e);
            fail(task, restoreId, tenantId, "RESTORE_ERROR", String.valueOf(e.getMessage()));
        }
    }

    /**
     * Refuses, before the target is touched, paths of which no snapshot of the backup has anything (the request
     * was checked too, unless the repository could not be read then).
     */
    private static void requireInBackup(Restorer restorer, RestoreTask task) {
        if (task.paths().isEmpty()) {
            return;
        }
        List<String> missing = BackupIncludes.missing(restorer, task.snapshotIds(), task.paths());
        if (!missing.isEmpty()) {
            throw new Failure("PATH_NOT_IN_BACKUP", "The backup has nothing at " + String.join(", ", missing));
        }
    }

    /**
     * The backup's repository in the location the restore names; when that is the primary and it cannot be
     * opened (unreachable, or gone), the first replica where the backup is SYNCED. The location read from is
     * recorded on the restore, with the reason when a replica stands in.
     */
    private Repository openRepository(TenantId tenantId, RestoreTask task) {
        var backup = backups.find(tenantId, BackupId.of(task.backupId()))
                .orElseThrow(() -> new Failure("BACKUP_NOT_FOUND", "The backup no longer exists"));
        StorageLocationId requested = StorageLocationId.of(task.sourceLocationId());
        List<StorageLocationId> candidates = new ArrayList<>(List.of(requested));
        if (requested.equals(backup.storageLocationId())) {
            backup.syncedLocations().stream().skip(1).forEach(candidates::add);
        }
        String unusable = null;
        for (StorageLocationId id : candidates) {
            var location = locations.find(tenantId, id);
            if (location.isEmpty()) {
                unusable = unusable == null ? "location " + id + " no longer exists" : unusable;
                continue;
            }
            Repository repository;
            try {
                repository = repositories.openExisting(tenantId, location.get());
            } catch (RepositoryException | DomainException e) {
                if (unusable == null) {
                    unusable = e.getMessage();
                }
                continue;
            }
            String fallbackReason = id.equals(requested) ? null : "The location asked for could not be opened: " + unusable;
            if (fallbackReason != null) {
                log.warn("Restore {} reads from replica {}: {}", task.restoreId(), location.get().name(), fallbackReason);
            }
            try {
                send(task, new RecordRestoreSourceCommand(RestoreId.of(task.restoreId()), tenantId, id, requested,
                        fallbackReason));
            } catch (RuntimeException e) {
                repository.close();
                throw e;
            }
            return repository;
        }
        throw new Failure("STORAGE_UNAVAILABLE", "No location of the backup could be opened"
                + (unusable == null ? "" : ": " + unusable));
    }

    /**
     * The target directory as an engine output, refused when it holds files unless overwriting or resuming: a
     * later attempt finishes into the target that an earlier attempt of the same restore began to fill.
     */
    private Target open(ServerRegistry.RegisteredServer server, RestoreTask task, boolean resuming) throws IOException {
        boolean mayHoldFiles = task.overwrite() || resuming;
        if (server.kind() == ServerKind.LOCAL) {
            localPaths.outside(server.localPath(), List.of(task.targetPath()), false).ifPresent(why -> {
                throw new Failure("PATH_OUTSIDE_SERVER", why);
            });
            Path target = Path.of(task.targetPath());
            prepareTarget(target, mayHoldFiles);
            return new Target(LocalOutput.confined(target), null); // tenants' files never lead it outside
        }
        SshConnection connection;
        try {
            connection = ssh.connect(server);
        } catch (SshException e) {
            throw new Failure(e.retryable() ? "SERVER_UNREACHABLE" : e.code().name(), e.getMessage());
        }
        try {
            // a look at the target only: over SFTP, without the logins a backup's listing and reads may cost
            try (Source remote = connection.openSource(SftpSourceOptions.defaults().withFindListing(false).withTarStreams(0))) {
                String existing = task.targetPath();
                FileType type = null;
                while (type == null) {
                    try {
                        type = remote.stat(existing).type(); // lstat: a link is written through, as locally
                    } catch (NoSuchFileException missing) { // created by the output, under its nearest existing parent
                        existing = existing.substring(0, Math.max(1, existing.lastIndexOf('/')));
                    }
                }
                if (type != FileType.DIRECTORY && type != FileType.SYMLINK) {
                    throw notADirectory(task.targetPath(), existing);
                }
                if (existing.equals(task.targetPath()) && !mayHoldFiles && !remote.list(task.targetPath()).isEmpty()) {
                    throw new Failure("TARGET_NOT_EMPTY", "The target " + task.targetPath() + " is not empty; restore"
                            + " with overwrite or to an empty directory");
                }
            }
            try {
                return new Target(connection.openOutput(task.targetPath()), connection);
            } catch (OutputRefusedException e) { // the target directory cannot be made there
                throw refusal(e.reason(), e.getMessage(), 0);
            }
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A restore's destination and the connection it needs, closed together. */
    private record Target(Output output, SshConnection connection) implements AutoCloseable {

        /** Restoring threads: a local restore's default, or what keeps an SSH server's round trips overlapped. */
        int workers() {
            return output instanceof SftpOutput sftp ? sftp.recommendedWorkers() : RestoreRequest.DEFAULT_WORKERS;
        }

        /**
         * Logs what the target did not let the restore set: owners (an SSH login or a node that is not root; the
         * entries belong to that user) and, over SSH, symlinks' owners (no lsetstat@openssh.com), times finer
         * than whole seconds (no perl, or a login that may not run commands) and extended attributes (the same, or
         * ones the login may not set). The restore still succeeds.
         */
        void warnAboutMetadataLeftOut(RestoreId restoreId) {
            if (output instanceof SftpOutput sftp) {
                long toTheSecond = sftp.timesToTheSecond(); // waits for the server to apply the finer times
                long xattrsNotApplied = sftp.xattrsNotApplied();
                if (sftp.ownersNotApplied() + sftp.symlinkOwnersSkipped() + toTheSecond + xattrsNotApplied > 0) {
                    log.warn("Restore {} onto {}: the server refused to change the owner of {} entries (they belong"
                            + " to the login's user: log in as root to restore owners), {} symbolic links kept the"
                            + " owner they were created with (the server lacks lsetstat@openssh.com, and perl could not"
                            + " change it), {} entries"
                            + " got their times in whole seconds or, for links, not at all (the server could not run"
                            + " perl for them), and {} entries lack some of their extended attributes (no perl, or"
                            + " ones the login may not set, such as security.* or trusted.* for a login that is not"
                            + " root)", restoreId, sftp.describe(), sftp.ownersNotApplied(),
                            sftp.symlinkOwnersSkipped(), toTheSecond, xattrsNotApplied);
                }
            } else if (output.ownersNotApplied() + output.xattrsNotApplied() > 0) {
                log.warn("Restore {} into {}: {} entries could not be given their owner (they belong to the node's"
                        + " user: run the node as root to restore owners), and {} entries lack some of their extended"
                        + " attributes (trusted.* and security.capability need root; the file system may keep none)",
                        restoreId, output.describe(), output.ownersNotApplied(), output.xattrsNotApplied());
            }
        }

        /** Entries restored with the restoring user (the SSH login's, or the node's) as owner. */
        long ownersNotApplied() {
            return output.ownersNotApplied();
        }

        /** Entries left without some of their extended attributes (waits for an SSH server to apply them). */
        long xattrsNotApplied() {
            return output.xattrsNotApplied();
        }

        /** Whether the destination is a server whose connection broke. */
        boolean lost() {
            return output instanceof SftpOutput sftp && !sftp.connected();
        }

        @Override
        public void close() throws IOException {
            try {
                output.close();
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }

    /** The target, or the nearest existing path above it ({@code culprit}), is something other than a directory. */
    private static Failure notADirectory(String target, String culprit) {
        return new Failure("TARGET_NOT_DIRECTORY", (target.equals(culprit)
                ? "The target " + target + " exists and is not a directory"
                : "The target " + target + " cannot be created: " + culprit + " is not a directory")
                + "; restore into a directory (it is created when missing)");
    }

    /**
     * The failure of a restore whose target refuses every further write ({@code why}: the system's words), after
     * {@code files} files: TARGET_FULL or TARGET_READ_ONLY, saying what was kept and what to do.
     */
    private static Failure refusal(WriteRefusal reason, String why, long files) {
        String after = files > 0 ? " after " + files + " files: the files restored are kept, the others were not begun"
                + " and what was at their paths is as it was" : ": nothing was written there";
        return reason == WriteRefusal.FULL
                ? new Failure("TARGET_FULL", "The target has no room left (" + why + ")" + after
                        + "; make room and restore again")
                : new Failure("TARGET_READ_ONLY", "The target's file system is read-only (" + why + ")" + after
                        + "; restore to a writable directory, or have the file system remounted read-write, and restore"
                        + " again");
    }

    /** Refuses a target that holds files unless it may (overwriting, or resuming); creates it when missing. */
    private static void prepareTarget(Path target, boolean mayHoldFiles) throws IOException {
        Optional<Path> inTheWay = LocalOutput.notADirectoryOnTheWay(target);
        if (inTheWay.isPresent()) {
            throw notADirectory(target.toString(), inTheWay.get().toString());
        }
        if (Files.isDirectory(target) && !mayHoldFiles) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new Failure("TARGET_NOT_EMPTY", "The target " + target + " is not empty; restore with overwrite"
                            + " or to an empty directory");
                }
            }
        }
        try {
            Files.createDirectories(target);
        } catch (FileSystemException e) {
            if (WriteRefusal.READ_ONLY.in(e)) {
                throw refusal(WriteRefusal.READ_ONLY, e.getMessage(), 0);
            }
            throw e;
        }
    }

    private void fail(RestoreTask task, RestoreId restoreId, TenantId tenantId, String code, String message) {
        log.warn("Restore {} failed: {} {}", restoreId, code, message);
        try {
            send(task, new FailRestoreCommand(restoreId, tenantId, code, message, RestoreStats.NONE, List.of()));
        } catch (DomainException e) {
            log.info("Restore {} ended meanwhile: {}", restoreId, e.getMessage());
        }
    }

    private <R> R send(RestoreTask task, Object command) {
        var message = GenericCommandMessage.asCommandMessage(command);
        if (task.requestedBy() != null) {
            message = message.andMetaData(Map.of(MetadataKeys.USER_ID, task.requestedBy()));
        }
        return commands.sendAndWait(message);
    }

    private static final class Failure extends RuntimeException {
        private final String code;

        Failure(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
