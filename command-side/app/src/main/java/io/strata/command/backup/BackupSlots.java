package io.strata.command.backup;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Semaphore;

/**
 * How many backups may run at once: per node (a local semaphore), per tenant and per server across the
 * cluster (claims in the database, counted under a per-tenant advisory lock; a claim whose heartbeat is
 * older than the stall timeout is a dead worker's and no longer counts).
 */
@Component
class BackupSlots {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final BackupRunProperties settings;
    private final Clock clock;
    private final Semaphore node;

    BackupSlots(JdbcTemplate jdbc, TransactionTemplate transactions, BackupRunProperties settings, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.node = new Semaphore(settings.workersPerNode());
    }

    /** Takes a slot for the backup, or answers false when a limit is reached. */
    boolean tryAcquire(BackupTask task, String serverId, String worker) {
        if (!node.tryAcquire()) {
            return false;
        }
        boolean claimed = false;
        try {
            claimed = Boolean.TRUE.equals(transactions.execute(status -> {
                jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
                        "backup-slots:" + task.tenantId());
                Instant now = clock.instant();
                Timestamp alive = Timestamp.from(now.minus(settings.stallTimeout()));
                jdbc.update("delete from backup_claim where heartbeat < ?", alive);
                Integer tenant = jdbc.queryForObject("select count(*) from backup_claim where tenant_id = ?"
                        + " and backup_id <> ?", Integer.class, task.tenantId(), task.backupId());
                Integer server = jdbc.queryForObject("select count(*) from backup_claim where server_id = ?"
                        + " and backup_id <> ?", Integer.class, serverId, task.backupId());
                if (tenant >= settings.perTenant() || server >= settings.perServer()) {
                    return false;
                }
                jdbc.update("insert into backup_claim (backup_id, tenant_id, server_id, node, heartbeat) values (?, ?, ?, ?, ?)"
                                + " on conflict (backup_id) do update set node = excluded.node, heartbeat = excluded.heartbeat",
                        task.backupId(), task.tenantId(), serverId, worker, Timestamp.from(now));
                return true;
            }));
            return claimed;
        } finally {
            if (!claimed) {
                node.release();
            }
        }
    }

    void heartbeat(BackupTask task) {
        jdbc.update("update backup_claim set heartbeat = ? where backup_id = ?", Timestamp.from(clock.instant()),
                task.backupId());
    }

    void release(BackupTask task) {
        try {
            jdbc.update("delete from backup_claim where backup_id = ?", task.backupId());
        } finally {
            node.release();
        }
    }
}
