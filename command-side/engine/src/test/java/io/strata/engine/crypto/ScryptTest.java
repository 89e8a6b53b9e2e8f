package io.strata.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.codec.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

/** scrypt against RFC 7914's vectors and against an independent implementation. */
class ScryptTest {

    private static byte[] derive(String password, String salt, int n, int r, int p, int len) {
        return Scrypt.derive(password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8), n, r, p,
                len);
    }

    @Test
    void matchesRfc7914Vectors() {
        assertThat(Hex.encode(derive("", "", 16, 1, 1, 64))).isEqualTo(
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                        + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
        assertThat(Hex.encode(derive("password", "NaCl", 1024, 8, 16, 64))).isEqualTo(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
        assertThat(Hex.encode(derive("pleaseletmein", "SodiumChloride", 16384, 8, 1, 64))).isEqualTo(
                "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                        + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
    }

    @Test
    void agreesWithAnIndependentImplementationOnRandomInputs() {
        Random random = new Random(7914);
        for (int round = 0; round < 40; round++) {
            byte[] password = new byte[random.nextInt(40)];
            byte[] salt = new byte[random.nextInt(40)];
            random.nextBytes(password);
            random.nextBytes(salt);
            int n = 2 << random.nextInt(9);
            int r = 1 + random.nextInt(9);
            int p = 1 + random.nextInt(3);
            int len = 1 + random.nextInt(100);
            assertThat(Scrypt.derive(password, salt, n, r, p, len))
                    .as("N=%d r=%d p=%d len=%d", n, r, p, len)
                    .isEqualTo(SCrypt.generate(password, salt, n, r, p, len));
        }
    }

    @Test
    void refusesParametersOutsideTheDefinition() {
        assertThatThrownBy(() -> derive("p", "s", 1000, 8, 1, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> derive("p", "s", 1, 8, 1, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> derive("p", "s", 16, 0, 1, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> derive("p", "s", 1 << 30, 8, 1, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }
}
