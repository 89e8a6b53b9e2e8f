package io.strata.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.codec.Hex;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Published test vectors for scrypt and HKDF, and the master key wrap. */
class KeyDerivationTest {

    @Test
    void scryptMatchesRfc7914TestVector() {
        byte[] out = KeyWrap.scrypt("password".toCharArray(), "NaCl".getBytes(), new ScryptParameters(1024, 8, 16));
        assertThat(Hex.encode(out)).isEqualTo("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        byte[] okm = Hkdf.derive(ikm, Hex.decode("000102030405060708090a0b0c"), Hex.decode("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(Hex.encode(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void aWrapOpensOnlyWithItsKeyAndKind() throws Exception {
        SecureRandom r = new SecureRandom();
        MasterKey master = MasterKey.generate(r);
        byte[] kek = KeyWrap.randomBytes(r, 32);
        byte[] nonce = KeyWrap.randomBytes(r, 12);
        byte[] wrapped = KeyWrap.wrap(master, kek, nonce, "kek");
        assertThat(KeyWrap.unwrap(wrapped, kek, nonce, "kek")).isEqualTo(master);
        assertThatThrownBy(() -> KeyWrap.unwrap(wrapped, KeyWrap.randomBytes(r, 32), nonce, "kek"))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> KeyWrap.unwrap(wrapped, kek, nonce, "password"))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void subkeysDifferFromEachOtherAndFromTheMasterKey() {
        MasterKey m = MasterKey.generate(new SecureRandom());
        assertThat(m.chunkerSeed()).isNotEqualTo(m.dataKey().getEncoded());
        assertThat(m.configMac(new byte[0])).isNotEqualTo(m.chunkerSeed());
    }
}
