package io.strata.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A real file system of a few megabytes (tmpfs) mounted over a directory, for what a full disk does: writes
 * beyond its size fail with ENOSPC, as on a full disk. Mounting needs root, which CI and {@code .ci/run} have;
 * elsewhere the test fails saying so. Closing unmounts it, and what was in the directory before shows again.
 */
public final class SmallFileSystem implements AutoCloseable {
    private final Path dir;

    private SmallFileSystem(Path dir) {
        this.dir = dir;
    }

    public static SmallFileSystem mount(Path dir, long bytes) throws IOException {
        run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "strata-test-full", dir.toString());
        return new SmallFileSystem(dir);
    }

    /** Remounts it read-only: every later write fails with EROFS, as on a disk the kernel remounted after errors. */
    public void remountReadOnly() throws IOException {
        run("mount", "-o", "remount,ro", dir.toString());
    }

    @Override
    public void close() throws IOException {
        run("umount", "-l", dir.toString());
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + output + "): this test "
                        + "mounts a small tmpfs to fill a disk, which needs root; run the tests as root, as CI does");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
