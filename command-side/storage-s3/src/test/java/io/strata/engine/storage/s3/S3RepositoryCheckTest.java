package io.strata.engine.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.checker.CheckResult;
import io.strata.engine.checker.Checker;
import io.strata.engine.checker.DamagedObject;
import io.strata.engine.crypto.ScryptParameters;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.retry.RetryingStorage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository stored on S3: objects altered or truncated behind the engine's back (straight
 * through the S3 API) are named by the engine's checker, which verifies every pack's SHA-256
 * against its name when reading data.
 */
class S3RepositoryCheckTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();

    @TempDir
    Path source;

    @Test
    void theCheckerNamesPacksAlteredOrTruncatedDirectlyInTheBucket() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 4; i++) {
            byte[] content = new byte[300_000];
            random.nextBytes(content);
            Files.write(source.resolve("file-" + i + ".bin"), content);
        }
        Files.writeString(source.resolve("notes.txt"), "hello from the backed-up server\n".repeat(100));

        S3Config config = S3Config.builder(S3.endpoint(), "repos").addressing(S3Config.Addressing.PATH)
                .prefix("tenants/check").build();
        S3Credentials credentials = new S3Credentials(S3ProxyExtension.ACCESS_KEY, S3ProxyExtension.SECRET_KEY);
        Credentials password = Credentials.password("correct horse");
        RepositoryOptions options = RepositoryOptions.defaults().withScrypt(ScryptParameters.TESTING)
                .withPackTarget(256 * 1024);
        try (S3Storage s3 = new S3Storage(config, credentials)) {
            s3.ensureBucket();
            Storage storage = RetryingStorage.withDefaults(s3);
            Repository repo = Repository.init(storage, password, options);
            new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(source.toString()), "host-1"));
            assertThat(new Checker(repo).check(true).ok()).isTrue();

            List<ObjectInfo> packs = s3.list(ObjectKind.PACK).stream()
                    .sorted(Comparator.comparing(o -> o.name().name())).toList();
            assertThat(packs).hasSizeGreaterThanOrEqualTo(2);
            ObjectInfo altered = packs.get(0);
            ObjectInfo truncated = packs.get(1);

            MinioClient raw = MinioClient.builder().endpoint(S3.endpoint().toString()).region("us-east-1")
                    .credentials(S3ProxyExtension.ACCESS_KEY, S3ProxyExtension.SECRET_KEY).build();
            String alteredKey = s3.key(altered.name());
            byte[] bytes;
            try (InputStream in = raw.getObject(GetObjectArgs.builder().bucket("repos").object(alteredKey).build())) {
                bytes = in.readAllBytes();
            }
            bytes[bytes.length / 2] ^= 0x01;
            raw.putObject(PutObjectArgs.builder().bucket("repos").object(alteredKey)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
            String truncatedKey = s3.key(truncated.name());
            byte[] whole;
            try (InputStream in = raw.getObject(GetObjectArgs.builder().bucket("repos").object(truncatedKey).build())) {
                whole = in.readAllBytes();
            }
            byte[] half = Arrays.copyOf(whole, whole.length / 2);
            raw.putObject(PutObjectArgs.builder().bucket("repos").object(truncatedKey)
                    .stream(new ByteArrayInputStream(half), half.length, -1).build());

            Repository reopened = Repository.open(RetryingStorage.withDefaults(new S3Storage(config, credentials)),
                    password, options);
            CheckResult result = new Checker(reopened).check(true);
            assertThat(result.ok()).isFalse();
            assertThat(result.damaged()).extracting(DamagedObject::object)
                    .contains(altered.name().toString(), truncated.name().toString());
            assertThat(result.damaged()).filteredOn(d -> d.object().equals(altered.name().toString()) && d.blob() == null)
                    .extracting(DamagedObject::reason).allMatch(r -> r.contains("SHA-256"));
            assertThat(result.affectedFiles()).isNotEmpty();
            assertThat(result.affectedSnapshots()).hasSize(1);
        }
    }
}
