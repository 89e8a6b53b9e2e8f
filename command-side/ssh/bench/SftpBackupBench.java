import io.strata.command.ssh.ClientKey;
import io.strata.command.ssh.HostKeyPolicy;
import io.strata.command.ssh.SftpSource;
import io.strata.command.ssh.SftpSourceOptions;
import io.strata.command.ssh.SshConnection;
import io.strata.command.ssh.SshConnector;
import io.strata.command.ssh.SshSettings;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.source.Source;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.local.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Full engine backups of a tree into a fresh local repository: from LocalSource (what the CLI's
 * local backup does, with its default workers) and from SftpSource over a loopback OpenSSH sshd
 * started for the run, with tar streams (several counts) and without (every file over SFTP).
 * Prints seconds, files and the JVM's CPU seconds per run. See README.md beside this file.
 *
 * <p>Usage: {@code bench/backup.sh TREE [per-file|listing|compressed|ahead]} (default /var/tmp/strata-bench/linux-source-6.1;
 * {@code per-file} adds the run without tar streams, about 100 s on the Linux tree; {@code compressed} adds two
 * runs with the tar streams compressed on the server (the other runs have them plain, as the platform does for a
 * server on its own host); {@code ahead} runs only the two backups with listing ahead, the
 * platform's way, for profiling the machine while they run). System properties, given in {@code BENCH_JAVA_OPTS}:
 * {@code bench.window} (the SSH window in bytes), {@code bench.tarCompression=true}, {@code bench.tarStreams=N},
 * {@code bench.dropCaches=true} (the page cache emptied before each listing-ahead backup; needs root).
 */
public class SftpBackupBench {
    record Result(String name, BackupResult r, double seconds, double cpuSeconds, double machineCpuSeconds, long tarFiles) {
        @Override
        public String toString() {
            return String.format("%-52s %7.2f s %7d files (%6d via tar) %8.1f MB %6.1f s JVM CPU %6.1f s machine CPU  errors %d",
                    name, seconds, r.filesRead(), tarFiles, r.bytesRead() / 1e6, cpuSeconds, machineCpuSeconds, r.errors().size());
        }
    }

    /** The defaults, or the SSH window {@code -Dbench.window=BYTES} asks for (given as {@code BENCH_JAVA_OPTS}). */
    static SshSettings settings() {
        SshSettings s = SshSettings.defaults().withWindowSize(Long.getLong("bench.window", SshSettings.defaults().windowSize()));
        System.out.printf("SSH window %d bytes%n", s.windowSize());
        return s;
    }

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args.length > 0 ? args[0] : "/var/tmp/strata-bench/linux-source-6.1").toAbsolutePath();
        boolean perFile = args.length > 1 && args[1].equals("per-file");
        boolean listingOnly = args.length > 1 && args[1].equals("listing");
        boolean compressedTar = args.length > 1 && args[1].equals("compressed");
        boolean aheadOnly = args.length > 1 && args[1].equals("ahead");
        System.out.printf("tree %s, %d cores%n", tree, Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        BackupRequest local = BackupRequest.full(List.of(tree.toString()), "bench");
        if (!listingOnly && !aheadOnly) {
            backup("warm-up: LocalSource", new LocalSource(), local, null);
            results.add(backup("LocalSource (CLI default workers: " + local.workers() + ")", new LocalSource(), local, null));
        }
        try (OpenSshServer sshd = new OpenSshServer(); SshConnector connector = new SshConnector(settings())) {
            sshd.start();
            ClientKey key = TestKeys.newClientKey();
            sshd.authorize(key);
            // what the platform uses for this server (for a loopback one: plain tar streams);
            // -Dbench.tarCompression=true (in BENCH_JAVA_OPTS) compresses them on the server instead
            SftpSourceOptions d;
            try (SshConnection conn = connector.connect(sshd.endpoint(), key, HostKeyPolicy.pinned(sshd.hostKeyFingerprint()))) {
                d = conn.recommendedSourceOptions();
            }
            d = d.withTarCompression(d.tarCompression() || Boolean.getBoolean("bench.tarCompression"))
                    .withTarStreams(Integer.getInteger("bench.tarStreams", d.tarStreams()));
            System.out.printf("tar streams %s%n", d.tarCompression() ? "compressed on the server" : "not compressed");
            List<Object[]> configs = new ArrayList<>(List.of(
                    new Object[] {"SftpSource defaults (" + d.tarStreams() + " tar streams)", d},
                    new Object[] {"SftpSource defaults again", d}));
            if (perFile) {
                configs.add(new Object[] {"SftpSource without tar (every file over SFTP)", d.withTarStreams(0)});
            }
            if (compressedTar) {
                configs.add(new Object[] {"SftpSource, tar streams compressed", d.withTarCompression(true)});
                configs.add(new Object[] {"SftpSource, tar streams compressed, again", d.withTarCompression(true)});
            }
            for (Object[] c : listingOnly || aheadOnly ? List.<Object[]>of() : configs) {
                try (SshConnection conn = connector.connect(sshd.endpoint(), key,
                        HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                        SftpSource source = conn.openSource((SftpSourceOptions) c[1])) {
                    results.add(backup((String) c[0], source, local.withWorkers(source.recommendedWorkers()), source));
                }
            }
            for (int round = 1; round <= 2; round++) {
                for (SftpSourceOptions listing : aheadOnly ? List.<SftpSourceOptions>of() : List.of(d.withFindListing(false), d)) {
                    String how = listing.findListing() ? "find" : "SFTP";
                    try (SshConnection conn = connector.connect(sshd.endpoint(), key,
                            HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                            SftpSource source = conn.openSource(listing)) {
                        long t0 = System.nanoTime();
                        double machine0 = machineCpuSeconds();
                        long[] counts = walk(source, tree.toString());
                        System.out.printf("%s listing walk, one thread: %d directories, %d entries, %.2f s, machine CPU %.1f s%n",
                                how, counts[0], counts[1], (System.nanoTime() - t0) / 1e9, machineCpuSeconds() - machine0);
                    }
                    for (int threads : new int[] {1, d.channelsPerSession()}) {
                        try (SshConnection conn = connector.connect(sshd.endpoint(), key,
                                HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                                SftpSource sftp = conn.openSource(listing);
                                BatchCounting counted = new BatchCounting(sftp);
                                Source ahead = io.strata.engine.source.ListingAhead.start(counted, List.of(tree.toString()),
                                        p -> false, 20_000, threads)) {
                            long t0 = System.nanoTime();
                            double machine0 = machineCpuSeconds();
                            long[] counts = walk(ahead, tree.toString());
                            System.out.printf("%s listing walk through ListingAhead, %d thread(s): %d directories, %d entries,"
                                    + " %.2f s, machine CPU %.1f s, find logins %d, requests of several directories %d%n",
                                    how, threads, counts[0], counts[1], (System.nanoTime() - t0) / 1e9,
                                    machineCpuSeconds() - machine0, sftp.findLoopsStarted(), counted.batches.get());
                        }
                    }
                }
                if (listingOnly) {
                    continue;
                }
                dropCachesIfAsked();
                try (SshConnection conn = connector.connect(sshd.endpoint(), key,
                        HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                        SftpSource sftp = conn.openSource(d);
                        Source source = io.strata.engine.source.ListingAhead.start(sftp, List.of(tree.toString()), p -> false, 100_000)) {
                    results.add(backup("SftpSource defaults, listing ahead " + round, source, local.withWorkers(sftp.recommendedWorkers()), sftp));
                }
                if (aheadOnly) {
                    continue;
                }
                try (SshConnection conn = connector.connect(sshd.endpoint(), key,
                        HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                        SftpSource source = conn.openSource(d)) {
                    results.add(backup("SftpSource defaults, no listing ahead " + round, source, local.withWorkers(source.recommendedWorkers()), source));
                }
            }
        }
        System.out.println();
        results.forEach(System.out::println);
    }

    /** Counts the source's requests that list several directories at once (find runs, through the server's find). */
    static final class BatchCounting extends io.strata.engine.source.ForwardingSource {
        final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();

        BatchCounting(Source source) {
            super(source);
        }

        @Override
        public List<io.strata.engine.source.DirectoryListing> listMany(List<String> directories) {
            if (delegate.listBatchSize() > 1) {
                batches.incrementAndGet();
            }
            return super.listMany(directories);
        }
    }

    /** Lists every directory below {@code root} the way the archiver asks: a directory, then its subdirectories by name. */
    static long[] walk(Source source, String root) throws java.io.IOException {
        long[] counts = new long[2];
        java.util.ArrayDeque<String> dirs = new java.util.ArrayDeque<>(List.of(root));
        while (!dirs.isEmpty()) {
            String dir = dirs.pop();
            counts[0]++;
            List<String> subdirectories = new ArrayList<>();
            for (var e : source.list(dir)) {
                counts[1]++;
                if (e.metadata().type() == io.strata.engine.metadata.FileType.DIRECTORY) {
                    subdirectories.add(dir + "/" + e.name());
                }
            }
            subdirectories.sort(null);
            subdirectories.reversed().forEach(dirs::push);
        }
        return counts;
    }

    static Result backup(String name, Source source, BackupRequest request, SftpSource sftp) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "strata-backup-bench");
        try (Repository repo = Repository.init(new LocalStorage(dir), Credentials.password("bench"),
                RepositoryOptions.defaults())) {
            long cpu0 = cpuNanos();
            double machine0 = machineCpuSeconds();
            long t0 = System.nanoTime();
            BackupResult r = new Archiver(repo, source).backup(request);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Result res = new Result(name, r, seconds, (cpuNanos() - cpu0) / 1e9, machineCpuSeconds() - machine0,
                    sftp == null ? 0 : sftp.filesReadThroughTar());
            System.out.println(res);
            return res;
        } finally {
            delete(dir);
        }
    }

    /** Deletes {@code dir} and everything below it. */
    static void delete(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * With {@code -Dbench.dropCaches=true} (as root), empties the page cache before a listing-ahead backup, so that
     * it reads the tree from the disk as the platform bench's jobs do.
     */
    static void dropCachesIfAsked() throws Exception {
        if (Boolean.getBoolean("bench.dropCaches")) {
            new ProcessBuilder("sh", "-c", "sync && echo 3 > /proc/sys/vm/drop_caches").inheritIO().start().waitFor();
        }
    }

    /** CPU time every process of the machine used so far (user, nice, system, irq, softirq), from /proc/stat. */
    static double machineCpuSeconds() throws java.io.IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long ticks = 0;
        for (int i : new int[] {1, 2, 3, 6, 7}) {
            ticks += Long.parseLong(f[i]);
        }
        return ticks / 100.0; // USER_HZ
    }

    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
}
