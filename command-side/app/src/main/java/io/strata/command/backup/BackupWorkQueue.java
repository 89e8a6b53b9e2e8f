package io.strata.command.backup;

import java.time.Duration;

/** Where backup attempts wait until a worker of some node claims them. */
public interface BackupWorkQueue {

    /** Queues the attempt to be claimed after {@code delay}; queuing the same attempt twice queues it once. */
    void enqueue(BackupTask task, Duration delay);

    /** Removes an attempt no worker has claimed yet (nothing happens if one already has). */
    void withdraw(BackupTask task);
}
