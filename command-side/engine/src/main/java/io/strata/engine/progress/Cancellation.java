package io.strata.engine.progress;

import java.util.concurrent.atomic.AtomicBoolean;

/** A cooperative cancellation flag: set by the caller, polled by the operation. Thread-safe. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }
}
