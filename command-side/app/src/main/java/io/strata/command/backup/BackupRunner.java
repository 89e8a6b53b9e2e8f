package io.strata.command.backup;

import io.strata.command.plan.PlanRegistry;
import io.strata.command.repository.TenantRepositories;
import io.strata.command.server.ServerRegistry;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.archiver.MissingSourcePathException;
import io.strata.engine.archiver.StreamBackupRequest;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.CancelledException;
import io.strata.engine.progress.ProgressListener;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.storage.ObjectLockedException;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.StorageFullException;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.backup.CompleteBackupCommand;
import io.strata.kernel.backup.ConfirmBackupCancelledCommand;
import io.strata.kernel.backup.FailBackupAttemptCommand;
import io.strata.kernel.backup.FileProblem;
import io.strata.kernel.backup.RecordBackupProgressCommand;
import io.strata.kernel.backup.StartBackupCommand;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.BackupLevel;
import io.strata.kernel.plan.PlanCreated;
import io.strata.kernel.plan.PlanSource;
import io.strata.kernel.plan.SourceType;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs one attempt of a backup on this node: takes a slot, claims the attempt, opens the server and the
 * tenant's repository, lets the engine back up each plan source into its own snapshot (compared with the
 * base backup's snapshot of that source), sends heartbeats with progress (and stops if cancellation was
 * asked for), and reports the outcome. A run that does not succeed leaves no snapshot behind: the snapshots
 * it wrote for earlier sources are forgotten, and their data is freed by the next garbage collection.
 */
@Component
class BackupRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);

    enum Outcome { DONE, BUSY }

    private final CommandGateway commands;
    private final BackupSlots slots;
    private final BackupRegistry backups;
    private final PlanRegistry plans;
    private final ServerRegistry servers;
    private final StorageLocationRegistry locations;
    private final TenantRepositories repositories;
    private final BackupSources sources;
    private final BackupRunProperties settings;
    private final Clock clock;
    private final String worker = ManagementFactory.getRuntimeMXBean().getName();

    BackupRunner(CommandGateway commands, BackupSlots slots, BackupRegistry backups, PlanRegistry plans,
                 ServerRegistry servers, StorageLocationRegistry locations, TenantRepositories repositories,
                 BackupSources sources, BackupRunProperties settings, Clock clock) {
        this.commands = commands;
        this.slots = slots;
        this.backups = backups;
        this.plans = plans;
        this.servers = servers;
        this.locations = locations;
        this.repositories = repositories;
        this.sources = sources;
        this.settings = settings;
        this.clock = clock;
    }

    Outcome run(BackupTask task) {
        TenantId tenantId = TenantId.of(task.tenantId());
        BackupId backupId = BackupId.of(task.backupId());
        var backup = backups.find(tenantId, backupId).orElse(null);
        if (backup == null || backup.status().isFinal()) {
            return Outcome.DONE;
        }
        if (!slots.tryAcquire(task, backup.serverId().value(), worker)) {
            return Outcome.BUSY;
        }
        MDC.put(MetadataKeys.TENANT_ID, task.tenantId());
        try {
            try {
                send(task, new StartBackupCommand(backupId, tenantId, task.attempt(), worker));
            } catch (DomainException refused) {
                log.info("Backup {} attempt {} is not ours to run: {}", backupId, task.attempt(), refused.getMessage());
                return Outcome.DONE;
            }
            execute(task, tenantId, backupId);
            return Outcome.DONE;
        } finally {
            slots.release(task);
            MDC.remove(MetadataKeys.TENANT_ID);
        }
    }

    private void execute(BackupTask task, TenantId tenantId, BackupId backupId) {
        Instant started = clock.instant();
        Cancellation cancellation = new Cancellation();
        Totals totals = new Totals();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "backup-heartbeat-" + backupId);
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.scheduleAtFixedRate(() -> heartbeat(task, tenantId, backupId, totals, started, cancellation),
                settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        List<SnapshotId> written = new ArrayList<>();
        Repository repository = null;
        try {
            var backup = backups.find(tenantId, backupId).orElseThrow();
            PlanCreated plan = plans.find(tenantId, backup.planId())
                    .orElseThrow(() -> new RunFailure("PLAN_NOT_FOUND", "The backup's plan no longer exists", false));
            var server = servers.find(tenantId, backup.serverId())
                    .orElseThrow(() -> new RunFailure("SERVER_NOT_FOUND", "The plan's server was removed", false));
            var location = locations.find(tenantId, backup.storageLocationId())
                    .orElseThrow(() -> new RunFailure("STORAGE_LOCATION_NOT_FOUND", "The plan's storage location is gone", false));
            BaseSnapshots base = new BaseSnapshots(backup.level(), backup.baseSnapshotIds());
            try {
                repository = backup.dryRun() ? repositories.openForDryRun(tenantId, location)
                        : repositories.open(tenantId, location);
            } catch (RepositoryException e) { // a new repository is created here: a location refusing writes fails now
                throw storageFailure("Cannot open the repository: ", e);
            } catch (DomainException e) {
                throw new RunFailure("STORAGE_UNAVAILABLE", "Cannot open the repository: " + e.getMessage(), true);
            }
            List<String> paths = plan.sources().stream().filter(s -> s.type() == SourceType.PATHS)
                    .flatMap(s -> s.paths().stream()).toList();
            try (BackupSources.OpenServer open = sources.open(server, paths)) {
                for (int i = 0; i < plan.sources().size(); i++) {
                    PlanSource source = plan.sources().get(i);
                    BackupResult result;
                    if (source.type() == SourceType.PATHS) {
                        BackupRequest request = pathsRequest(source, backup.level(), base.snapshot(i), server.serverId().value(),
                                backup.dryRun(), totals.listener(i), cancellation, open.workers());
                        result = new Archiver(repository, open.listedAhead(request.paths(), request.exclude())).backup(request);
                    } else {
                        result = stream(new Archiver(repository, open.source()), open, source, server.serverId().value(),
                                backup.dryRun(), totals.listener(i), cancellation);
                    }
                    if (result.snapshotId() != null) {
                        written.add(result.snapshotId());
                    }
                    if (open.lost()) { // the snapshot lacks what could not be read after the break: discarded by fail()
                        throw new RunFailure("SERVER_UNREACHABLE", "The connection to the server broke during the backup;"
                                + " the incomplete snapshot was discarded", true);
                    }
                    if (!result.errors().isEmpty() && result.filesRead() + result.filesUnchanged() == 0) {
                        throw new RunFailure("SOURCE_UNREADABLE", "Nothing of the source's paths could be read: "
                                + FileProblems.listed(List.of(result)).stream().limit(5)
                                .map(p -> p.path() + " (" + p.message() + ")").collect(Collectors.joining(", ")), false);
                    }
                    totals.finish(i, result);
                }
            }
            stop(heartbeats);
            BackupStats stats = totals.stats(started, clock.instant());
            send(task, new CompleteBackupCommand(backupId, tenantId, task.attempt(),
                    written.stream().map(SnapshotId::toString).toList(), stats, totals.problems()));
            written.clear();
            if (stats.filesFailed() + stats.filesChangedDuringRead() > 0) {
                log.warn("Backup {} succeeded without {} unreadable paths; {} files changed while they were read",
                        backupId, stats.filesFailed(), stats.filesChangedDuringRead());
            } else {
                log.info("Backup {} succeeded", backupId);
            }
        } catch (CancelledException e) {
            stop(heartbeats);
            forget(repository, written);
            send(task, new ConfirmBackupCancelledCommand(backupId, tenantId, task.attempt()));
            log.info("Backup {} cancelled", backupId);
        } catch (MissingSourcePathException e) {
            fail(task, tenantId, backupId, repository, written, heartbeats,
                    new RunFailure("SOURCE_PATH_MISSING", "Missing on the server: " + String.join(", ", e.paths()), false));
        } catch (RunFailure e) {
            fail(task, tenantId, backupId, repository, written, heartbeats, e);
        } catch (RepositoryException e) {
            fail(task, tenantId, backupId, repository, written, heartbeats, storageFailure("", e));
        } catch (RuntimeException e) {
            log.error("Backup {} failed unexpectedly", backupId, e);
            fail(task, tenantId, backupId, repository, written, heartbeats,
                    new RunFailure("BACKUP_ERROR", String.valueOf(e.getMessage()), false));
        } finally {
            heartbeats.shutdownNow();
            if (repository != null) {
                repository.close();
            }
        }
    }

    /**
     * A full location (no space, or a quota used up) is STORAGE_FULL and not retried: another attempt at once
     * would fill it again. A location that refuses the backup for a reason no retry changes (permission or access
     * denied, a file system mounted read-only, a missing bucket or container, an untrusted certificate: the storage's
     * {@link PermanentStorageException}s) is STORAGE_REFUSED, not retried either. Anything else the repository raised
     * is STORAGE_UNAVAILABLE, retried; so are a missing or locked object, which a concurrent run may explain.
     */
    private static RunFailure storageFailure(String context, RepositoryException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageFullException full) {
                return new RunFailure("STORAGE_FULL", context + "The storage location is full: " + full.getMessage(), false);
            }
            if (t instanceof PermanentStorageException refused && !(t instanceof ObjectNotFoundException)
                    && !(t instanceof ObjectLockedException)) {
                return new RunFailure("STORAGE_REFUSED", context + "The storage location refuses the backup ("
                        + refused.getMessage() + "); another attempt would be refused alike: fix the location (its"
                        + " credentials or permissions, its bucket, a disk mounted read-only) and back up again", false);
            }
        }
        return new RunFailure("STORAGE_UNAVAILABLE", context + e.getMessage(), true);
    }

    private BackupRequest pathsRequest(PlanSource source, BackupLevel level, SnapshotId parent, String hostname,
                                       boolean dryRun, ProgressListener progress, Cancellation cancellation, int workers) {
        BackupRequest request = BackupRequest.full(source.paths(), hostname)
                .withExclude(new ExcludeRules(source.excludes()))
                .withDryRun(dryRun)
                .withProgress(progress)
                .withCancellation(cancellation);
        if (workers > 0) {
            request = request.withWorkers(workers);
        }
        return parent == null ? request : request.withParent(engineLevel(level), parent);
    }

    private static BackupResult stream(Archiver archiver, BackupSources.OpenServer server, PlanSource source, String hostname,
                                       boolean dryRun, ProgressListener progress, Cancellation cancellation) {
        StreamBackupRequest request = new StreamBackupRequest("/commands/" + source.fileName(), 0600, hostname, "",
                List.of("command"), dryRun, progress, cancellation);
        try (InputStream output = server.run(source.command())) {
            return archiver.backupStream(request, output);
        } catch (io.strata.command.ssh.SshException e) {
            throw SshFailures.of(e);
        } catch (java.io.IOException e) {
            throw new RunFailure("COMMAND_FAILED", e.getMessage(), false);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof io.strata.command.ssh.CommandFailedException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw new RunFailure("COMMAND_FAILED", cause.getMessage(), false);
            }
            throw e;
        }
    }

    private static io.strata.engine.snapshot.BackupLevel engineLevel(BackupLevel level) {
        return io.strata.engine.snapshot.BackupLevel.valueOf(level.name());
    }

    private void heartbeat(BackupTask task, TenantId tenantId, BackupId backupId, Totals totals, Instant started,
                           Cancellation cancellation) {
        try {
            slots.heartbeat(task);
            Boolean stop = send(task, new RecordBackupProgressCommand(backupId, tenantId, task.attempt(),
                    totals.stats(started, clock.instant())));
            if (Boolean.TRUE.equals(stop)) {
                cancellation.cancel();
            }
        } catch (DomainException e) {
            cancellation.cancel(); // the attempt is no longer ours (expired or finished): stop
        } catch (RuntimeException e) {
            log.warn("Backup {} could not send a heartbeat: {}", backupId, e.getMessage());
        }
    }

    private void fail(BackupTask task, TenantId tenantId, BackupId backupId, Repository repository, List<SnapshotId> written,
                      ScheduledExecutorService heartbeats, RunFailure failure) {
        stop(heartbeats);
        forget(repository, written);
        log.warn("Backup {} attempt {} failed: {} {}", backupId, task.attempt(), failure.code, failure.getMessage());
        try {
            send(task, new FailBackupAttemptCommand(backupId, tenantId, task.attempt(), failure.code, failure.getMessage(),
                    failure.retryable));
        } catch (DomainException e) {
            log.info("Backup {} attempt {} ended meanwhile: {}", backupId, task.attempt(), e.getMessage());
        }
    }

    /**
     * Stops sending heartbeats, letting one in flight finish: interrupting a command midway would abort it
     * and leave its unit of work to be reaped, while the run's final command waits for the aggregate.
     */
    private static void stop(ScheduledExecutorService heartbeats) {
        heartbeats.shutdown();
        try {
            if (!heartbeats.awaitTermination(30, TimeUnit.SECONDS)) {
                heartbeats.shutdownNow();
            }
        } catch (InterruptedException e) {
            heartbeats.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void forget(Repository repository, List<SnapshotId> written) {
        if (repository != null) {
            for (SnapshotId id : written) {
                repository.deleteSnapshot(id);
            }
        }
        written.clear();
    }

    private <R> R send(BackupTask task, Object command) {
        var message = GenericCommandMessage.asCommandMessage(command);
        if (task.requestedBy() != null) {
            message = message.andMetaData(Map.of(MetadataKeys.USER_ID, task.requestedBy()));
        }
        return commands.sendAndWait(message);
    }

    /** A failure with its stable code, and whether another attempt may succeed. */
    static final class RunFailure extends RuntimeException {
        private final String code;
        private final boolean retryable;

        RunFailure(String code, String message, boolean retryable) {
            super(message);
            this.code = code;
            this.retryable = retryable;
        }
    }

    /** Progress summed over the sources done so far and the one running. */
    private static final class Totals {
        private final Map<Integer, BackupResult> finished = new HashMap<>();
        private final AtomicReference<io.strata.engine.progress.Progress> running = new AtomicReference<>();

        ProgressListener listener(int source) {
            return running::set;
        }

        synchronized void finish(int source, BackupResult result) {
            finished.put(source, result);
            running.set(null);
        }

        synchronized BackupStats stats(Instant started, Instant now) {
            long filesScanned = 0, filesRead = 0, filesUnchanged = 0, bytesScanned = 0, bytesRead = 0, bytesNew = 0,
                    bytesStored = 0, filesFailed = 0, filesChanged = 0;
            for (BackupResult r : finished.values()) {
                filesFailed += r.errors().size();
                filesChanged += r.changedDuringRead().size();
                filesScanned += r.filesScanned();
                filesRead += r.filesRead();
                filesUnchanged += r.filesUnchanged();
                bytesScanned += r.bytesScanned();
                bytesRead += r.bytesRead();
                bytesNew += r.bytesNew();
                bytesStored += r.bytesStored();
            }
            io.strata.engine.progress.Progress p = running.get();
            if (p != null) {
                filesScanned += p.filesTotal();
                bytesScanned += p.bytesTotal();
            }
            return new BackupStats(filesScanned, filesRead, filesUnchanged, bytesScanned, bytesRead, bytesNew, bytesStored,
                    Duration.between(started, now).toMillis(), filesFailed, filesChanged);
        }

        /** The first paths of the finished sources that were not captured as they were. */
        synchronized List<FileProblem> problems() {
            return FileProblems.listed(finished.values());
        }
    }

    /** The base backup's snapshot for each plan source, when the run compares with one. */
    private record BaseSnapshots(BackupLevel level, List<String> ids) {
        SnapshotId snapshot(int source) {
            if (level == BackupLevel.FULL || source >= ids.size()) {
                return null;
            }
            return new SnapshotId(ids.get(source));
        }
    }
}
