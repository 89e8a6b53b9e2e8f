package io.strata.engine.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
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
import io.strata.engine.storage.retry.RetryingStorage;
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
 * A repository stored in an Azure container: blobs altered or truncated behind the engine's back
 * (straight through the Azure SDK) are named by the engine's checker, which verifies every pack's
 * SHA-256 against its name when reading data.
 */
class AzureRepositoryCheckTest {
    @RegisterExtension
    static final AzuriteExtension AZURITE = new AzuriteExtension();

    @TempDir
    Path source;

    @Test
    void theCheckerNamesPacksAlteredOrTruncatedDirectlyInTheContainer() throws Exception {
        Random random = new Random(43);
        for (int i = 0; i < 4; i++) {
            byte[] content = new byte[300_000];
            random.nextBytes(content);
            Files.write(source.resolve("file-" + i + ".bin"), content);
        }
        Files.writeString(source.resolve("notes.txt"), "hello from the backed-up server\n".repeat(100));

        AzureBlobConfig config = AzureBlobConfig.builder("repos").prefix("tenants/check").build();
        Credentials password = Credentials.password("correct horse");
        RepositoryOptions options = RepositoryOptions.defaults().withScrypt(ScryptParameters.TESTING)
                .withPackTarget(256 * 1024);
        AzureBlobStorage azure = new AzureBlobStorage(config, AZURITE.sharedKey());
        azure.ensureContainer();
        Repository repo = Repository.init(RetryingStorage.withDefaults(azure), password, options);
        new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(source.toString()), "host-1"));
        assertThat(new Checker(repo).check(true).ok()).isTrue();

        List<ObjectInfo> packs = azure.list(ObjectKind.PACK).stream()
                .sorted(Comparator.comparing(o -> o.name().name())).toList();
        assertThat(packs).hasSizeGreaterThanOrEqualTo(2);
        ObjectInfo altered = packs.get(0);
        ObjectInfo truncated = packs.get(1);
        BlobContainerClient raw = new BlobServiceClientBuilder().connectionString(AZURITE.connectionString())
                .buildClient().getBlobContainerClient("repos");
        BlobClient a = raw.getBlobClient(azure.blobName(altered.name()));
        byte[] bytes = a.downloadContent().toBytes();
        bytes[bytes.length / 2] ^= 0x01;
        a.upload(BinaryData.fromBytes(bytes), true);
        BlobClient t = raw.getBlobClient(azure.blobName(truncated.name()));
        byte[] whole = t.downloadContent().toBytes();
        t.upload(BinaryData.fromBytes(Arrays.copyOf(whole, whole.length / 2)), true);

        Repository reopened = Repository.open(RetryingStorage.withDefaults(
                new AzureBlobStorage(config, AZURITE.sharedKey())), password, options);
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
