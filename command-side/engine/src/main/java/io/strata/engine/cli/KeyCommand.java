package io.strata.engine.cli;

import io.strata.engine.codec.Hex;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.KeyInfo;
import io.strata.engine.repository.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "key", description = "Manage wraps of the master key (data is never re-encrypted).",
        subcommands = {KeyCommand.ListKeys.class, KeyCommand.Add.class, KeyCommand.Remove.class})
final class KeyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (list, add, remove)");
    }

    @Command(name = "list", description = "List keys.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        RepositoryAccess access;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Repository repo = access.open()) {
                List<Map<String, Object>> j = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (KeyInfo k : repo.keys()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", k.id());
                    m.put("kind", k.kind());
                    m.put("label", k.label());
                    m.put("created", k.created().toString());
                    j.add(m);
                    text.append(String.format("%s  %-8s  %s  %s%n", k.id().substring(0, 8), k.kind(), k.created(), k.label()));
                }
                access.print(spec.commandLine().getOut(), j, text.toString().stripTrailing());
            }
            return ExitCodes.OK;
        }
    }

    static final class NewKey {
        @Option(names = "--new-password-file", description = "File whose first line is the new password.")
        Path passwordFile;
        @Option(names = "--new-kek-file", description = "File with the new 32-byte key-encryption key (raw or hex).")
        Path kekFile;
    }

    @Command(name = "add", description = "Add a password or key-encryption-key wrap.")
    static final class Add implements Callable<Integer> {
        @Mixin
        RepositoryAccess access;
        @Spec
        CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1")
        NewKey newKey;
        @Option(names = "--label", description = "Free text recorded with the key.")
        String label = "";

        @Override
        public Integer call() throws Exception {
            Credentials c;
            if (newKey.kekFile != null) {
                byte[] raw = Files.readAllBytes(newKey.kekFile);
                c = new Credentials.KeyEncryptionKey(raw.length == 32 ? raw
                        : Hex.decode(new String(raw, StandardCharsets.US_ASCII).trim()));
            } else {
                String pw = Files.readAllLines(newKey.passwordFile).stream().findFirst().orElse("");
                c = new Credentials.Password(pw.toCharArray());
            }
            try (Repository repo = access.open()) {
                String id = repo.addKey(c, label);
                access.print(spec.commandLine().getOut(), Map.of("id", id), "added key " + id.substring(0, 8));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove a key (never the last one).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        RepositoryAccess access;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Key id or prefix.")
        String id;

        @Override
        public Integer call() {
            try (Repository repo = access.open()) {
                repo.removeKey(id);
                access.print(spec.commandLine().getOut(), Map.of("removed", id), "removed key " + id);
            }
            return ExitCodes.OK;
        }
    }
}
