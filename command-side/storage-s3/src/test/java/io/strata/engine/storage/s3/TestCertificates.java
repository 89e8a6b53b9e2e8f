package io.strata.engine.storage.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and a server certificate for 127.0.0.1 signed by it, made with the JDK's
 * {@code keytool} (no extra dependency): the S3 backend is tested against an https endpoint whose
 * certificate only that CA vouches for.
 */
final class TestCertificates {
    private TestCertificates() {
    }

    /** Writes a PKCS#12 key store with the server's key and chain; returns the CA certificate as PEM. */
    static String createServerKeyStore(Path keyStore, String password) throws IOException, InterruptedException {
        Path dir = keyStore.getParent();
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password,
                "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Strata Test CA",
                "-validity", "2", "-ext", "bc:c");
        Path caFile = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-keystore", ca.toString(), "-storepass", password, "-alias", "ca",
                "-file", caFile.toString());
        String caPem = Files.readString(caFile);
        keytool("-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password,
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2");
        Path csr = dir.resolve("server.csr");
        keytool("-certreq", "-keystore", keyStore.toString(), "-storepass", password, "-alias", "server",
                "-file", csr.toString());
        Path cert = dir.resolve("server.pem");
        keytool("-gencert", "-keystore", ca.toString(), "-storepass", password, "-alias", "ca",
                "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc", "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        keytool("-importcert", "-noprompt", "-keystore", keyStore.toString(), "-storepass", password,
                "-alias", "ca", "-file", caFile.toString());
        keytool("-importcert", "-noprompt", "-keystore", keyStore.toString(), "-storepass", password,
                "-alias", "server", "-file", cert.toString());
        return caPem;
    }

    private static String keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
        return out.toString();
    }
}
