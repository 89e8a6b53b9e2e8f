package io.strata.engine.storage.retry;

import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import java.time.Duration;
import java.util.List;

/**
 * Retries {@link RetryableStorageException}s up to {@code attempts} times in all, sleeping
 * {@code initialBackoff * 2^k} between tries (capped at 30 s). Safe for every operation because
 * the storage contract makes puts and deletes idempotent.
 */
public final class RetryingStorage implements Storage {
    /** Injected so tests do not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private interface Call<T> {
        T run() throws StorageException;
    }

    private final Storage delegate;
    private final int attempts;
    private final Duration initialBackoff;
    private final Sleeper sleeper;

    public RetryingStorage(Storage delegate, int attempts, Duration initialBackoff, Sleeper sleeper) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        this.delegate = delegate;
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
        this.sleeper = sleeper;
    }

    public static RetryingStorage withDefaults(Storage delegate) {
        return new RetryingStorage(delegate, 5, Duration.ofMillis(200), d -> Thread.sleep(d.toMillis()));
    }

    private <T> T retry(Call<T> call) throws StorageException {
        Duration backoff = initialBackoff;
        for (int i = 1; ; i++) {
            try {
                return call.run();
            } catch (RetryableStorageException e) {
                if (i >= attempts) {
                    throw e;
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                Duration next = backoff.multipliedBy(2);
                backoff = next.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : next;
            }
        }
    }

    @Override
    public void put(ObjectName name, byte[] data, int length) throws StorageException {
        retry(() -> {
            delegate.put(name, data, length);
            return null;
        });
    }

    @Override
    public byte[] get(ObjectName name) throws StorageException {
        return retry(() -> delegate.get(name));
    }

    @Override
    public byte[] get(ObjectName name, long offset, int length) throws StorageException {
        return retry(() -> delegate.get(name, offset, length));
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws StorageException {
        return retry(() -> delegate.list(kind));
    }

    @Override
    public void delete(ObjectName name) throws StorageException {
        retry(() -> {
            delegate.delete(name);
            return null;
        });
    }

    @Override
    public boolean exists(ObjectName name) throws StorageException {
        return retry(() -> delegate.exists(name));
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() throws StorageException {
        delegate.close();
    }
}
