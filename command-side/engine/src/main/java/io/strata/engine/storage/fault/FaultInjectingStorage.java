package io.strata.engine.storage.fault;

import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectLockedException;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Wraps a storage and injects faults. Rules are set by the test before or during a run and are
 * thread-safe. Counting rules ("fail the next n calls") decrement atomically.
 */
public final class FaultInjectingStorage implements Storage {
    private final Storage delegate;
    private final AtomicInteger failNextPuts = new AtomicInteger();
    private final AtomicInteger failNextGets = new AtomicInteger();
    private volatile int putsBeforeCrash = -1;
    private final AtomicInteger puts = new AtomicInteger();
    private volatile Predicate<ObjectName> corruptOnRead = n -> false;
    private volatile Predicate<ObjectName> permanentPutFailure = n -> false;
    private volatile Predicate<ObjectName> locked = n -> false;
    private volatile Instant lockedUntil;

    public FaultInjectingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** The next n puts fail with a retryable error and store nothing. */
    public FaultInjectingStorage failNextPuts(int n) {
        failNextPuts.set(n);
        return this;
    }

    /** The next n gets fail with a retryable error. */
    public FaultInjectingStorage failNextGets(int n) {
        failNextGets.set(n);
        return this;
    }

    /** After n more successful puts, every put fails permanently: a process killed mid-backup. */
    public FaultInjectingStorage crashAfterPuts(int n) {
        puts.set(0);
        putsBeforeCrash = n;
        return this;
    }

    /** Reads of matching objects return the bytes with one bit flipped in the middle. */
    public FaultInjectingStorage corruptReadsOf(Predicate<ObjectName> which) {
        corruptOnRead = which;
        return this;
    }

    /** Puts of matching objects fail permanently (e.g. a full disk for packs only). */
    public FaultInjectingStorage failPutsOf(Predicate<ObjectName> which) {
        permanentPutFailure = which;
        return this;
    }

    /** Deletes of the matching objects are refused as an immutable location refuses them, until changed. */
    public FaultInjectingStorage lockAgainstDeletion(Predicate<ObjectName> which, Instant until) {
        locked = which;
        lockedUntil = until;
        return this;
    }

    public int putCount() {
        return puts.get();
    }

    @Override
    public void put(ObjectName name, byte[] data, int length) throws StorageException {
        if (failNextPuts.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            throw new RetryableStorageException("injected transient put failure: " + name);
        }
        if (permanentPutFailure.test(name)) {
            throw new PermanentStorageException("injected permanent put failure: " + name);
        }
        int limit = putsBeforeCrash;
        if (limit >= 0 && puts.get() >= limit) {
            throw new PermanentStorageException("injected crash: no more puts after " + limit);
        }
        delegate.put(name, data, length);
        puts.incrementAndGet();
    }

    @Override
    public byte[] get(ObjectName name) throws StorageException {
        checkGet(name);
        return maybeCorrupt(name, delegate.get(name));
    }

    @Override
    public byte[] get(ObjectName name, long offset, int length) throws StorageException {
        checkGet(name);
        return maybeCorrupt(name, delegate.get(name, offset, length));
    }

    private void checkGet(ObjectName name) throws RetryableStorageException {
        if (failNextGets.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            throw new RetryableStorageException("injected transient get failure: " + name);
        }
    }

    private byte[] maybeCorrupt(ObjectName name, byte[] data) {
        if (data.length > 0 && corruptOnRead.test(name)) {
            data[data.length / 2] ^= 0x01;
        }
        return data;
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws StorageException {
        return delegate.list(kind);
    }

    @Override
    public void delete(ObjectName name) throws StorageException {
        if (locked.test(name) && delegate.exists(name)) {
            throw new ObjectLockedException(name, lockedUntil, "retention (injected)", null);
        }
        delegate.delete(name);
    }

    @Override
    public boolean exists(ObjectName name) throws StorageException {
        return delegate.exists(name);
    }

    @Override
    public String describe() {
        return "faulty(" + delegate.describe() + ")";
    }

    @Override
    public void close() throws StorageException {
        delegate.close();
    }
}
