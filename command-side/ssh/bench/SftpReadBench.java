import io.strata.command.ssh.ClientKey;
import io.strata.command.ssh.HostKeyPolicy;
import io.strata.command.ssh.SftpSource;
import io.strata.command.ssh.SftpSourceOptions;
import io.strata.command.ssh.SshConnection;
import io.strata.command.ssh.SshConnector;
import io.strata.command.ssh.SshSettings;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.metadata.FileType;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.SourcePaths;
import io.strata.engine.source.local.LocalSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Walks and reads every file of a tree the way the engine's archiver does (one thread lists
 * directories depth-first; a pool of workers opens, reads to the end and re-stats each regular
 * file, at most 512 files queued), once with the engine's LocalSource and once per SFTP setting
 * with SftpSource from a loopback OpenSSH sshd started for the run. Prints files/s, MB/s and
 * seconds per run, and the time of {@code tar -cf - . | ssh host 'cat > /dev/null'} over the same
 * sshd. See README.md beside this file.
 *
 * <p>Usage: {@code bench/run.sh TREE [WORKERS]} (default /var/tmp/strata-bench/linux-source-6.1, 16).
 */
public class SftpReadBench {
    record Result(String name, long files, long bytes, double seconds, double cpuSeconds) {
        @Override
        public String toString() {
            String f = files < 0 ? "      - files          -        " : String.format("%7d files %8.0f files/s", files,
                    files / seconds);
            return String.format("%-58s %s %8.1f MB %7.2f s %7.1f MB/s %7.1f s JVM CPU", name, f, bytes / 1e6,
                    seconds, bytes / 1e6 / seconds, cpuSeconds);
        }
    }

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args.length > 0 ? args[0] : "/var/tmp/strata-bench/linux-source-6.1").toAbsolutePath();
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        if (!Files.isDirectory(tree)) {
            throw new IllegalArgumentException("no tree at " + tree);
        }
        System.out.printf("tree %s, %d workers, %d cores%n", tree, workers, Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        // warms the page cache, so every run below reads from memory
        results.add(walk("warm-up: LocalSource", new LocalSource(), tree.toString(), workers));
        try (OpenSshServer sshd = new OpenSshServer(); SshConnector connector = new SshConnector(SshSettings.defaults())) {
            sshd.start();
            ClientKey key = TestKeys.newClientKey();
            sshd.authorize(key);
            results.add(tarOverSsh(sshd, tree));
            results.add(walk("LocalSource", new LocalSource(), tree.toString(), workers));
            SftpSourceOptions d = SftpSourceOptions.defaults();
            List<Object[]> configs = List.of(
                    new Object[] {"SftpSource defaults (JIT warm-up run)", d},
                    new Object[] {"SftpSource defaults (1 session x 4 channels)", d},
                    new Object[] {"SftpSource 1 session x 1 channel", d.withChannelsPerSession(1)},
                    new Object[] {"SftpSource 1 session x 8 channels", d.withChannelsPerSession(8)},
                    new Object[] {"SftpSource 2 sessions x 4 channels", d.withSessions(2)},
                    new Object[] {"SftpSource defaults, 32 KiB reads", d.withReadSize(32 * 1024)});
            for (Object[] c : configs) {
                try (SshConnection conn = connector.connect(sshd.endpoint(), key,
                        HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                        SftpSource source = conn.openSource((SftpSourceOptions) c[1])) {
                    results.add(walk((String) c[0], source, tree.toString(), workers));
                }
            }
            try (SshConnection conn = connector.connect(sshd.endpoint(), key,
                    HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                    SftpSource source = conn.openSource()) {
                results.add(walk("SftpSource defaults, 4 workers", source, tree.toString(), 4));
            }
        }
        System.out.println();
        results.forEach(System.out::println);
    }

    /** The archiver's access pattern without chunking: list on one thread, read on {@code workers}. */
    static Result walk(String name, Source source, String root, int workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        Semaphore inFlight = new Semaphore(512);
        AtomicLong files = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(8 * 1024 * 1024));
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        List<String> dirs = new ArrayList<>();
        dirs.add(root);
        while (!dirs.isEmpty()) {
            String dir = dirs.removeLast();
            for (SourceEntry e : source.list(dir)) {
                String path = SourcePaths.join(dir, e.name());
                if (e.metadata().type() == FileType.DIRECTORY) {
                    dirs.add(path);
                } else if (e.metadata().type() == FileType.FILE) {
                    inFlight.acquire();
                    pool.execute(() -> {
                        try (ReadableByteChannel ch = source.open(path)) {
                            ByteBuffer b = buffers.get();
                            long n = 0;
                            for (int r; (r = ch.read(b.clear())) >= 0; ) {
                                n += r;
                            }
                            source.stat(path); // the archiver's check for a change during the read
                            bytes.addAndGet(n);
                            files.incrementAndGet();
                        } catch (Throwable t) {
                            failure.compareAndSet(null, new IOException(path + ": " + t, t));
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            }
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(name + " failed", failure.get());
        }
        return new Result(name + ", " + workers + " workers", files.get(), bytes.get(), seconds,
                (cpuNanos() - cpu0) / 1e9);
    }

    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** OpenSSH's own stream: tar on this side, cat into /dev/null on the server's. */
    static Result tarOverSsh(OpenSshServer sshd, Path tree) throws Exception {
        Path dir = Files.createTempDirectory("strata-bench-ssh");
        try {
            Path key = dir.resolve("id_ed25519");
            new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).inheritIO().start()
                    .waitFor();
            sshd.authorize(Files.readString(dir.resolve("id_ed25519.pub")));
            String ssh = String.join(" ", "ssh", "-i", key.toString(), "-p", Integer.toString(sshd.port()),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    "-c", "aes128-gcm@openssh.com", sshd.user() + "@" + sshd.host());
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("sh", "-c", "tar -cf - . | " + ssh + " 'wc -c'")
                    .directory(tree.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IOException("tar | ssh failed: " + out);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result("tar -cf - . | ssh 'wc -c' (OpenSSH client)", -1, Long.parseLong(out), seconds, 0);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
