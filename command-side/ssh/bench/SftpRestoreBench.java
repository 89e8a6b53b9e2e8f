import io.strata.command.ssh.ClientKey;
import io.strata.command.ssh.HostKeyPolicy;
import io.strata.command.ssh.SftpOutput;
import io.strata.command.ssh.SshConnection;
import io.strata.command.ssh.SshConnector;
import io.strata.command.ssh.SshSettings;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.output.Output;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.local.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Restores of one snapshot of a tree: through {@link LocalOutput} (what a local restore does, twice, the first
 * warming the JIT) and through {@link SftpOutput} into a loopback OpenSSH sshd started for the run, once per
 * worker count given. Restore targets go to {@code $TARGETS} (default {@code /dev/shm}, a tmpfs: on ext4, inodes
 * freed by deleting one run's target slow the next run's file creation) and are deleted after each run. Prints
 * seconds, files, failures and the JVM's and the whole machine's CPU seconds per run.
 *
 * <p>Usage: {@code bench/restore.sh [TREE] [WORKERS,...]} (default /var/tmp/strata-bench/linux-source-6.1 and
 * 4,16,32,64 plus what {@link SftpOutput#recommendedWorkers()} asks for).
 */
public class SftpRestoreBench {
    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args.length > 0 ? args[0] : "/var/tmp/strata-bench/linux-source-6.1").toAbsolutePath();
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "strata-restore-bench");
        try (Repository repo = Repository.init(new LocalStorage(work.resolve("repo")), Credentials.password("bench"),
                RepositoryOptions.defaults())) {
            BackupResult b = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(tree.toString()), "bench"));
            System.out.printf("backup: %d files%n", b.filesRead());
            Restorer restorer = new Restorer(repo);
            Path targets = Path.of(System.getenv().getOrDefault("TARGETS", "/dev/shm"));
            for (String name : List.of("warm-up local", "local, 4 workers")) {
                Path t = Files.createTempDirectory(targets, "restore");
                restore(name, restorer, b, new LocalOutput(t), 4);
                SftpBackupBench.delete(t);
            }
            try (OpenSshServer sshd = new OpenSshServer(); SshConnector connector = new SshConnector(SshSettings.defaults())) {
                sshd.start();
                ClientKey key = TestKeys.newClientKey();
                sshd.authorize(key);
                List<Integer> counts = new java.util.ArrayList<>();
                if (args.length > 1) {
                    java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).forEach(counts::add);
                } else {
                    counts.addAll(List.of(4, 16, 32, 64));
                    counts.add(0); // what the output recommends
                }
                for (int count : counts) {
                    Path t = Files.createTempDirectory(targets, "restore");
                    try (SshConnection conn = connector.connect(sshd.endpoint(), key, HostKeyPolicy.pinned(sshd.hostKeyFingerprint()));
                            SftpOutput out = conn.openOutput(t.toString())) {
                        int workers = count == 0 ? out.recommendedWorkers() : count;
                        restore("SFTP, " + workers + " workers" + (count == 0 ? " (recommended)" : ""), restorer, b, out, workers);
                    }
                    SftpBackupBench.delete(t);
                }
            }
        } finally {
            SftpBackupBench.delete(work);
        }
    }

    static void restore(String name, Restorer restorer, BackupResult b, Output out, int workers) throws Exception {
        double m0 = SftpBackupBench.machineCpuSeconds();
        long c0 = SftpBackupBench.cpuNanos();
        long t0 = System.nanoTime();
        RestoreResult r = restorer.restore(RestoreRequest.all(b.snapshotId()).withWorkers(workers), out);
        // the times finer than SFTP's whole seconds are applied by the time the output is closed: counted in
        long toTheSecond = out instanceof io.strata.command.ssh.SftpOutput sftp ? sftp.timesToTheSecond() : 0;
        System.out.printf("%-30s %7.2f s  %d files  %d failed  JVM CPU %.1f s  machine CPU %.1f s  whole-second times %d%n",
                name, (System.nanoTime() - t0) / 1e9, r.filesRestored(), r.failed().size(),
                (SftpBackupBench.cpuNanos() - c0) / 1e9, SftpBackupBench.machineCpuSeconds() - m0, toTheSecond);
    }
}
