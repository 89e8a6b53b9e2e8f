import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.local.LocalStorage;
import io.strata.engine.storage.retry.RetryingStorage;
import io.strata.engine.storage.s3.S3Config;
import io.strata.engine.storage.s3.S3Credentials;
import io.strata.engine.storage.s3.S3Storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A full backup of one tree by the engine into a fresh repository on local disk, then into a fresh bucket of
 * an S3 server (S3Proxy on loopback, storing on the same disk), alternating, for several rounds. Storage is
 * set up as the platform sets it up (S3 wrapped in the retrying decorator, default upload settings).
 * Args: TREE WORKDIR ENDPOINT ACCESS_KEY SECRET_KEY ROUNDS
 */
public class S3BackupBench {

    interface StorageFactory {
        Storage open() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]);
        URI endpoint = URI.create(args[2]);
        S3Credentials credentials = new S3Credentials(args[3], args[4]);
        int rounds = Integer.parseInt(args[5]);
        RepositoryOptions options = RepositoryOptions.defaults();
        S3Config defaults = S3Config.builder(endpoint, "bench").build();
        System.out.printf("tree %s; engine pack uploads in flight: %d (+1); S3 requests in flight at most %d, "
                        + "multipart above %d MiB in %d MiB parts, %d parts at once%n", tree, options.uploadThreads(),
                defaults.maxConcurrentRequests(), defaults.multipartThreshold() >> 20, defaults.partSize() >> 20,
                defaults.partConcurrency());
        double bestLocal = Double.MAX_VALUE;
        double bestS3 = Double.MAX_VALUE;
        for (int round = 1; round <= rounds; round++) {
            Path dir = work.resolve("local-" + round);
            double local = backup("local disk", round, tree, () -> new LocalStorage(dir), options);
            String bucket = "bench-" + round + "-" + System.nanoTime();
            double s3 = backup("S3Proxy", round, tree, () -> {
                S3Storage storage = new S3Storage(S3Config.builder(endpoint, bucket)
                        .addressing(S3Config.Addressing.PATH).createBucket(true).build(), credentials);
                storage.ensureBucket();
                return RetryingStorage.withDefaults(storage);
            }, options);
            bestLocal = Math.min(bestLocal, local);
            bestS3 = Math.min(bestS3, s3);
        }
        System.out.printf("best: local disk %.1f s, S3Proxy %.1f s, ratio S3/local %.2f (target <= 1.3)%n",
                bestLocal, bestS3, bestS3 / bestLocal);
    }

    private static double backup(String where, int round, Path tree, StorageFactory storage, RepositoryOptions options)
            throws Exception {
        Credentials key = new Credentials.KeyEncryptionKey(new byte[32]);
        try (Storage s = storage.open()) {
            Repository repo = Repository.init(s, key, options);
            long t0 = System.nanoTime();
            BackupResult r = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(tree.toString()), "bench"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d %-10s %6.1f s  files %d  read %d MiB  stored %d MiB  errors %d%n", round, where,
                    seconds, r.filesScanned(), r.bytesRead() >> 20, r.bytesStored() >> 20, r.errors().size());
            return seconds;
        }
    }
}
