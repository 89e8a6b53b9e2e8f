package io.strata.engine.progress;

/** The operation stopped because its {@link Cancellation} was set. A cancelled backup writes no snapshot. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("operation cancelled");
    }
}
