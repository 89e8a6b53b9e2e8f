package io.strata.engine.cli;

import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.KeyInfo;
import io.strata.engine.repository.Repository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code key}: manages the wraps of the master key; data is never re-encrypted. */
final class KeyCommand {
    static final CommandSpec SPEC = CommandSpec.group("key", "Manage wraps of the master key (data is never re-encrypted).",
            List.of(ListKeys.SPEC, Add.SPEC, Remove.SPEC));

    private KeyCommand() {
    }

    static final class ListKeys implements Callable<Integer> {
        static final CommandSpec SPEC = CommandSpec.command("list", List.of("List keys."), RepositoryAccess.OPTIONS,
                List.of(), ListKeys::new);

        private final RepositoryAccess access;
        private final PrintWriter out;

        private ListKeys(ParsedArgs args, PrintWriter out) {
            this.access = new RepositoryAccess(args);
            this.out = out;
        }

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
                access.print(out, j, text.toString().stripTrailing());
            }
            return ExitCodes.OK;
        }
    }

    static final class Add implements Callable<Integer> {
        static final CommandSpec SPEC = CommandSpec.command("add", List.of("Add a password or key-encryption-key wrap.",
                "Exactly one of --new-password-file and --new-kek-file."),
                RepositoryAccess.with(
                        OptionSpec.value("--new-password-file", "passwordFile", "File whose first line is the new password."),
                        OptionSpec.value("--new-kek-file", "kekFile",
                                "File with the new 32-byte key-encryption key (raw or hex)."),
                        OptionSpec.value("--label", "label", "Free text recorded with the key.")),
                List.of(), Add::new);

        private final RepositoryAccess access;
        private final PrintWriter out;
        private final Path passwordFile;
        private final Path kekFile;
        private final String label;

        private Add(ParsedArgs args, PrintWriter out) {
            this.access = new RepositoryAccess(args);
            this.out = out;
            this.passwordFile = args.path("--new-password-file");
            this.kekFile = args.path("--new-kek-file");
            if ((passwordFile == null) == (kekFile == null)) {
                throw new UsageException("Give exactly one of '--new-password-file=<passwordFile>' and"
                        + " '--new-kek-file=<kekFile>'");
            }
            String given = args.value("--label");
            this.label = given == null ? "" : given;
        }

        @Override
        public Integer call() throws Exception {
            Credentials c = kekFile != null ? RepositoryAccess.keyEncryptionKey(kekFile)
                    : RepositoryAccess.password(passwordFile);
            try (Repository repo = access.open()) {
                String id = repo.addKey(c, label);
                access.print(out, Map.of("id", id), "added key " + id.substring(0, 8));
            }
            return ExitCodes.OK;
        }
    }

    static final class Remove implements Callable<Integer> {
        static final CommandSpec SPEC = CommandSpec.command("remove", List.of("Remove a key (never the last one)."),
                RepositoryAccess.OPTIONS, List.of(ParameterSpec.one("id", "Key id or prefix.")), Remove::new);

        private final RepositoryAccess access;
        private final PrintWriter out;
        private final String id;

        private Remove(ParsedArgs args, PrintWriter out) {
            this.access = new RepositoryAccess(args);
            this.out = out;
            this.id = args.parameter("id");
        }

        @Override
        public Integer call() {
            try (Repository repo = access.open()) {
                repo.removeKey(id);
                access.print(out, Map.of("removed", id), "removed key " + id);
            }
            return ExitCodes.OK;
        }
    }
}
