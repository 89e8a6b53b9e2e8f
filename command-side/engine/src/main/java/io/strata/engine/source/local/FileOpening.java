package io.strata.engine.source.local;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens, for reading, a file that was listed as a regular file, without ever waiting forever.
 *
 * <p>A regular file opens at once. One replaced by a FIFO after it was listed would block {@code open} until
 * some process opens the FIFO for writing, which may be never, and the backup would hang on it (java.nio
 * cannot open with {@code O_NONBLOCK}). So opens are watched: one still waiting after {@link #PATIENCE} is
 * released by its {@link Release}, which, if the path is a FIFO by then, opens it for reading and writing
 * (which never blocks on Linux) and closes it: that completes the waiting open. Whatever opened, a channel
 * that cannot seek (a FIFO or a socket) is closed again and the file reported as not a regular file.
 *
 * <p>Watching costs two map updates per open; one daemon thread, started with the first open, looks at the
 * waiting opens twice a second.
 */
final class FileOpening {
    /** How long an open may wait before it is released; a regular file's open takes microseconds. */
    static final Duration PATIENCE = Duration.ofSeconds(2);

    /** Opens the file for reading. */
    interface Opener {
        SeekableByteChannel open() throws IOException;
    }

    /** Unblocks an open waiting on a FIFO at the same path (and does nothing if it is not a FIFO). */
    interface Release {
        void release() throws IOException;
    }

    private record Waiting(long deadline, Release release) {
    }

    private static final Map<Thread, Waiting> WAITING = new ConcurrentHashMap<>();
    private static final Object WATCHER_LOCK = new Object();
    private static volatile Thread watcher;

    private FileOpening() {
    }

    static SeekableByteChannel open(String path, Opener opener, Release release) throws IOException {
        return open(path, opener, release, PATIENCE);
    }

    static SeekableByteChannel open(String path, Opener opener, Release release, Duration patience) throws IOException {
        Thread self = Thread.currentThread();
        WAITING.put(self, new Waiting(System.nanoTime() + patience.toNanos(), release));
        startWatcher();
        SeekableByteChannel channel;
        try {
            channel = opener.open();
        } finally {
            WAITING.remove(self);
        }
        try {
            channel.position(); // lseek: fails (ESPIPE) on a FIFO or socket
        } catch (IOException notSeekable) {
            channel.close();
            throw new FileSystemException(path, null, "is not a regular file any more (a FIFO or socket now)");
        }
        return channel;
    }

    private static void startWatcher() {
        if (watcher != null) {
            return;
        }
        synchronized (WATCHER_LOCK) {
            if (watcher == null) {
                watcher = Thread.ofPlatform().name("strata-open-watcher").daemon().start(FileOpening::watch);
            }
        }
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Map.Entry<Thread, Waiting> e : WAITING.entrySet()) {
                if (now - e.getValue().deadline() > 0 && WAITING.remove(e.getKey(), e.getValue())) {
                    try {
                        e.getValue().release().release();
                    } catch (IOException | RuntimeException ignored) {
                        // nothing to unblock, or it cannot be: the open's own outcome says what happened
                    }
                }
            }
        }
    }
}
