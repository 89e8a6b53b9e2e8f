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

    /**
     * Writes entries whose names are not UTF-8 (Latin-1 bytes) in {@code directory}: {@code caf\351.txt} holding
     * "latin", a directory {@code d\351j\340} with {@code inside\377} holding "in", and a dangling link
     * {@code l\351nk} to {@code t\377rget}. The shell makes them, so their bytes never pass through a Java string.
     */
    public static void writeNamesThatAreNotUtf8(Path directory) {
        shell(directory, "printf latin > \"$(printf 'caf\\351.txt')\"; mkdir \"$(printf 'd\\351j\\340')\";"
                + " printf in > \"$(printf 'd\\351j\\340/inside\\377')\"; ln -s \"$(printf 't\\377rget')\" \"$(printf 'l\\351nk')\"");
    }

    /**
     * Runs a sh(1) script in {@code directory}; fails unless it exits 0 within 30 s. Returns its output (and errors),
     * each byte as one char (ISO-8859-1), so names that are not UTF-8 come out as their bytes.
     */
    public static String shell(Path directory, String script) {
        try {
            Process p = new ProcessBuilder("sh", "-c", script).directory(directory.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sh -c '" + script + "' failed in " + directory + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
