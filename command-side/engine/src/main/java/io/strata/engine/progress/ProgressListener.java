package io.strata.engine.progress;

/** Receives progress about every half second from a reporter thread, and once at the end. Must be fast. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> {
    };

    void onProgress(Progress progress);
}
