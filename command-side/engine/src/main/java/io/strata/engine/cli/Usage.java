package io.strata.engine.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes a command's usage: synopsis, description, its subcommands or parameters and options, the exit codes. */
final class Usage {
    private static final int WIDTH = 80;
    /** Where descriptions start at most; a longer label puts its description on the next line. */
    private static final int MAX_COLUMN = 29;
    private static final List<String[]> HELP_OPTIONS = List.of(
            new String[] {"  -h, --help", "Show this help message and exit."},
            new String[] {"  -V, --version", "Print version information and exit."});
    private static final List<String[]> EXIT_CODES = List.of(
            new String[] {"  0", "success"}, new String[] {"  1", "failed"}, new String[] {"  2", "usage error"},
            new String[] {"  3", "partial (unreadable files / failed restores)"},
            new String[] {"  4", "check found damage"}, new String[] {"  10", "no repository"},
            new String[] {"  11", "repository locked"}, new String[] {"  12", "wrong password or key"},
            new String[] {"  13", "unsupported repository format version"});

    private Usage() {
    }

    /** The usage of {@code spec}, run as {@code commandPath} (e.g. {@code strata-engine key add}). */
    static String of(String commandPath, CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        List<String> synopsis = new ArrayList<>(List.of("[-hV]"));
        if (!spec.subcommands().isEmpty()) {
            synopsis.add("[COMMAND]");
        }
        spec.options().stream().filter(o -> !o.isHidden()).sorted(Comparator.comparing(OptionSpec::name)).forEach(o -> {
            String s = o.synopsis();
            synopsis.add(o.isRequired() ? s : "[" + s + "]" + (o.kind() == OptionSpec.Kind.REPEATED ? "..." : ""));
        });
        spec.parameters().forEach(p -> synopsis.add(p.synopsis()));
        out.append(wrapWords("Usage: " + commandPath + " ", synopsis));
        spec.description().forEach(line -> out.append(wrapWords("", List.of(line.split(" ")))));
        List<String[]> rows = new ArrayList<>();
        spec.parameters().forEach(p -> rows.add(new String[] {"      " + p.shown(), p.description()}));
        List<String[]> options = new ArrayList<>(HELP_OPTIONS);
        spec.options().stream().filter(o -> !o.isHidden())
                .forEach(o -> options.add(new String[] {"      " + o.synopsis(), o.description()}));
        options.sort(Comparator.comparing(row -> row[0].substring(row[0].lastIndexOf("--") + 2))); // by long name
        rows.addAll(options);
        out.append(table(rows));
        if (!spec.subcommands().isEmpty()) {
            out.append("Commands:\n");
            out.append(table(spec.subcommands().stream()
                    .map(c -> new String[] {"  " + c.name(), c.description().getFirst()}).toList()));
        }
        out.append("\nExit codes:\n").append(table(EXIT_CODES));
        return out.toString();
    }

    /** Rows of label and text, the texts in one column, wrapped to the width. */
    private static String table(List<String[]> rows) {
        int column = Math.min(MAX_COLUMN, rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2);
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            String label = row[0];
            if (label.length() + 2 > column) {
                out.append(label).append('\n');
                label = "";
            }
            List<String> lines = wrap(row[1], WIDTH - column);
            for (int i = 0; i < lines.size(); i++) {
                String indent = i == 0 ? pad(label, column) : " ".repeat(column + 2);
                out.append(indent).append(lines.get(i)).append('\n');
            }
        }
        return out.toString();
    }

    /** Words after {@code lead}, wrapped to the width, continuation lines aligned under the first word. */
    private static String wrapWords(String lead, List<String> words) {
        StringBuilder out = new StringBuilder(lead);
        int lineStart = 0;
        boolean first = true;
        for (String word : words) {
            if (!first && out.length() - lineStart + 1 + word.length() > WIDTH) {
                out.append('\n').append(" ".repeat(lead.length()));
                lineStart = out.length() - lead.length();
            } else if (!first) {
                out.append(' ');
            }
            out.append(word);
            first = false;
        }
        return out.append('\n').toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width - (lines.isEmpty() ? 0 : 2)) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
