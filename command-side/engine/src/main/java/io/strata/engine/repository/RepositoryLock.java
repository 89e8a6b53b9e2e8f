package io.strata.engine.repository;

import io.strata.engine.codec.ByteReader;
import io.strata.engine.codec.ByteWriter;
import io.strata.engine.codec.MalformedEncodingException;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock object in {@code locks/}. Protocol (FORMAT.md, "Locks and garbage collection"):
 * write our lock, then list all locks; if a live conflicting lock exists, delete ours and fail.
 * Because both sides write before they list, two conflicting operations can never both proceed:
 * the later lister sees the other's lock. A lock is refreshed (rewritten, old one deleted) every
 * {@code lockRefresh}; one not refreshed for {@code lockStaleAfter} is presumed dead and ignored.
 */
public final class RepositoryLock implements AutoCloseable {
    private final Repository repo;
    private final boolean exclusive;
    private final String purpose;
    private final byte[] nonce;
    private volatile ObjectName current;
    private volatile Instant lastWritten;
    private final ScheduledExecutorService refresher;

    private RepositoryLock(Repository repo, boolean exclusive, String purpose) {
        this.repo = repo;
        this.exclusive = exclusive;
        this.purpose = purpose;
        this.nonce = new byte[16];
        repo.options().random().nextBytes(nonce);
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("strata-lock-refresh").daemon().factory());
    }

    record LockContent(boolean exclusive, Instant time, String host, long pid, String purpose) {
    }

    static RepositoryLock acquire(Repository repo, boolean exclusive, String purpose) {
        RepositoryLock lock = new RepositoryLock(repo, exclusive, purpose);
        lock.current = lock.write();
        Instant now = repo.options().clock().instant();
        for (ObjectInfo o : repo.list(ObjectKind.LOCK)) {
            if (o.name().equals(lock.current)) {
                continue;
            }
            LockContent other;
            try {
                other = decode(repo.readObject(o.name()));
            } catch (RepositoryException e) {
                continue; // deleted meanwhile (refresh) or unreadable: a refreshing holder has a newer lock
            }
            boolean stale = other.time().plus(repo.options().lockStaleAfter()).isBefore(now);
            if (stale) {
                continue;
            }
            if (exclusive || other.exclusive()) {
                lock.release();
                throw new RepositoryLockedException("repository is locked by " + (other.exclusive() ? "an exclusive" : "a")
                        + " lock held by " + other.host() + " pid " + other.pid() + " for '" + other.purpose()
                        + "' since " + other.time());
            }
        }
        long period = repo.options().lockRefresh().toMillis();
        lock.refresher.scheduleAtFixedRate(lock::refresh, period, period, TimeUnit.MILLISECONDS);
        return lock;
    }

    private ObjectName write() {
        ByteWriter w = new ByteWriter();
        w.u8(exclusive ? 1 : 0);
        Instant t = repo.options().clock().instant();
        w.svarint(t.getEpochSecond()).varint(t.getNano());
        w.string(hostName());
        w.varint(ProcessHandle.current().pid());
        w.string(purpose);
        w.raw(nonce);
        ObjectName name = repo.writeObject(ObjectKind.LOCK, w.toByteArray());
        lastWritten = t;
        return name;
    }

    static LockContent decode(byte[] plain) {
        try {
            ByteReader r = new ByteReader(plain);
            boolean ex = r.u8() == 1;
            Instant t = Instant.ofEpochSecond(r.svarint(), r.varint());
            return new LockContent(ex, t, r.string(), r.varint(), r.string());
        } catch (MalformedEncodingException e) {
            throw new CorruptObjectException("locks", e.getMessage());
        }
    }

    static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = "unknown";
            }
        }
        return h;
    }

    /** Rewrites the lock with the current time; the old object is deleted after the new one exists. */
    public synchronized void refresh() {
        ObjectName old = current;
        if (old == null) {
            return;
        }
        try {
            current = write();
            repo.delete(old);
        } catch (RepositoryException e) {
            // keep the old lock; the next refresh tries again
        }
    }

    /**
     * Fails unless this lock is still held and was refreshed recently enough that no other process
     * can have judged it stale. Backups call this right before writing their snapshot, so a backup
     * that stalled past the stale limit (while a GC may have run) never commits.
     */
    public void checkValid() {
        Instant last = lastWritten;
        if (current == null || last == null
                || last.plus(repo.options().lockStaleAfter()).isBefore(repo.options().clock().instant())) {
            throw new RepositoryLockedException("our lock was released or went stale; refusing to commit");
        }
    }

    public boolean exclusive() {
        return exclusive;
    }

    public synchronized void release() {
        refresher.shutdownNow();
        ObjectName c = current;
        current = null;
        if (c != null) {
            repo.delete(c);
        }
    }

    @Override
    public void close() {
        release();
    }
}
