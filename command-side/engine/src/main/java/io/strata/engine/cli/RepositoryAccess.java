package io.strata.engine.cli;

import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.ScryptParameters;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.local.LocalStorage;
import io.strata.engine.storage.retry.RetryingStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every repository command shares: where the repository is and what unlocks it. */
final class RepositoryAccess {
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.value("--repo", "repo", "Repository directory.").required(),
            OptionSpec.value("--password-file", "passwordFile", "File whose first line is the password (else STRATA_PASSWORD)."),
            OptionSpec.value("--kek-file", "kekFile", "File with the 32-byte key-encryption key (raw, or 64 hex characters)."),
            OptionSpec.flag("--json", "Machine-readable output on stdout."),
            OptionSpec.value("--scrypt-n", "n", "scrypt N for new password keys (tests only).").hidden(),
            OptionSpec.value("--compression-level", "level", "zstd level for a new repository.").hidden(),
            OptionSpec.flag("--no-fsync", "Skip fsync (throwaway repositories only).").hidden());

    final Path repo;
    final Path passwordFile;
    final Path kekFile;
    final boolean json;
    final Integer scryptN;
    final Integer compressionLevel;
    final boolean noFsync;

    RepositoryAccess(ParsedArgs args) {
        repo = args.path("--repo");
        passwordFile = args.path("--password-file");
        kekFile = args.path("--kek-file");
        json = args.flag("--json");
        scryptN = args.integer("--scrypt-n");
        compressionLevel = args.integer("--compression-level");
        noFsync = args.flag("--no-fsync");
    }

    /** {@link #OPTIONS} followed by a command's own. */
    static List<OptionSpec> with(OptionSpec... own) {
        List<OptionSpec> all = new ArrayList<>(OPTIONS);
        all.addAll(List.of(own));
        return List.copyOf(all);
    }

    Storage storage() {
        return RetryingStorage.withDefaults(new LocalStorage(repo, !noFsync));
    }

    RepositoryOptions options() {
        RepositoryOptions o = RepositoryOptions.defaults();
        if (compressionLevel != null) {
            o = o.withCompressionLevel(compressionLevel);
        }
        if (scryptN != null) {
            o = o.withScrypt(new ScryptParameters(scryptN, 8, 1));
        }
        return o;
    }

    Credentials credentials() {
        try {
            if (kekFile != null) {
                return keyEncryptionKey(kekFile);
            }
            if (passwordFile != null) {
                return password(passwordFile);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read key material: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "key material: " + e.getMessage());
        }
        String env = System.getenv("STRATA_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return new Credentials.Password(env.toCharArray());
        }
        throw new CliException(ExitCodes.USAGE, "no password: set STRATA_PASSWORD, or use --password-file or --kek-file");
    }

    /** A key-encryption key file: 32 raw bytes, or 64 hex characters (IllegalArgumentException if neither). */
    static Credentials keyEncryptionKey(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        return new Credentials.KeyEncryptionKey(raw.length == 32 ? raw
                : Hex.decode(new String(raw, StandardCharsets.US_ASCII).trim()));
    }

    /** A password file: its first line. */
    static Credentials password(Path file) throws IOException {
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        return new Credentials.Password(first.toCharArray());
    }

    Repository open() {
        return Repository.open(storage(), credentials(), options());
    }

    void print(PrintWriter out, Object jsonValue, String text) {
        out.println(json ? Json.write(jsonValue) : text);
        out.flush();
    }
}
