package io.strata.engine.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.PermanentStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An https endpoint whose certificate is signed by a private CA: trusted only with that CA's PEM. */
class S3StorageTlsTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.withTls();

    private static S3Config.Builder config() {
        return S3Config.builder(S3.endpoint(), "tls-bucket").addressing(S3Config.Addressing.PATH).prefix("r");
    }

    private static S3Credentials credentials() {
        return new S3Credentials(S3ProxyExtension.ACCESS_KEY, S3ProxyExtension.SECRET_KEY);
    }

    @Test
    void withTheCustomCaTheBackendWorksOverTls() throws Exception {
        assertThat(S3.endpoint().getScheme()).isEqualTo("https");
        try (S3Storage s = new S3Storage(config().caCertificatesPem(S3.caPem()).build(), credentials())) {
            s.ensureBucket();
            byte[] data = "over tls".getBytes();
            ObjectName n = new ObjectName(ObjectKind.LOCK, "0123456789abcdef");
            s.put(n, data);
            assertThat(s.get(n)).isEqualTo(data);
            assertThat(s.list(ObjectKind.LOCK)).hasSize(1);
        }
    }

    @Test
    void withoutTheCaTheCertificateIsRefusedWithAPermanentErrorSayingSo() {
        try (S3Storage s = new S3Storage(config().build(), credentials())) {
            assertThatThrownBy(s::ensureBucket)
                    .isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining("TLS certificate of the endpoint is not trusted");
        }
    }

    @Test
    void aPemWithoutCertificatesIsRejectedWhenTheStorageIsCreated() {
        assertThatThrownBy(() -> new S3Storage(config().caCertificatesPem("not a certificate").build(), credentials()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA PEM");
    }
}
