package io.strata.engine;

import io.strata.engine.crypto.ScryptParameters;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Shared test set-up: cheap KDF, small packs, deterministic file contents. */
public final class EngineFixtures {
    public static final Credentials PASSWORD = Credentials.password("correct horse battery staple");

    private EngineFixtures() {
    }

    /** Test options: cheap scrypt (never for real data) and 1 MiB packs so tests produce several packs. */
    public static RepositoryOptions options() {
        return RepositoryOptions.defaults().withScrypt(ScryptParameters.TESTING).withPackTarget(1024 * 1024);
    }

    public static Repository init(Storage storage) {
        return Repository.init(storage, PASSWORD, options());
    }

    public static Repository open(Storage storage) {
        return Repository.open(storage, PASSWORD, options());
    }

    public static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a one-byte file in {@code directory} whose name is {@code printfName} as printf(1) expands it, octal
     * escapes included ({@code bad\377}): the shell makes it from its bytes, so the name may be one no Java string
     * can name, and this JVM may run in a locale that cannot encode it.
     */
    public static void writeNamedByBytes(Path directory, String printfName) {
        shell(directory, "printf x > \"$(printf '" + printfName + "')\"");
    }

    /** Runs a sh(1) script in {@code directory}; fails unless it exits 0 within 30 s. */
    public static void shell(Path directory, String script) {
        try {
            Process p = new ProcessBuilder("sh", "-c", script).directory(directory.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sh -c '" + script + "' failed in " + directory + ": " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
