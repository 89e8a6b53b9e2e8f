package io.strata.engine.cli;

import io.strata.engine.metadata.FileNames;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's arguments, parsed against its {@link CommandSpec}: options by name, positional parameters by label.
 * Every argument has been checked against the spec (known option, value where one is due, required ones present,
 * parameter counts); a value that does not convert to what a command asks for raises {@link UsageException}.
 */
final class ParsedArgs {
    private final Map<String, List<String>> options;
    private final Map<String, List<String>> parameters;

    private ParsedArgs(Map<String, List<String>> options, Map<String, List<String>> parameters) {
        this.options = options;
        this.parameters = parameters;
    }

    /**
     * Parses {@code args} (the arguments after the command's name). {@code --name=value} and {@code --name value} are
     * the same; {@code --} ends the options, so a parameter may start with a dash.
     */
    static ParsedArgs parse(CommandSpec spec, List<String> args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            OptionSpec option = spec.option(name)
                    .orElseThrow(() -> new UsageException("Unknown option: '" + name + "'"));
            List<String> values = options.computeIfAbsent(name, n -> new ArrayList<>());
            if (option.kind() == OptionSpec.Kind.FLAG) {
                if (equals >= 0) {
                    throw new UsageException("Option '" + name + "' takes no value");
                }
                values.add("true");
                continue;
            }
            if (!values.isEmpty() && option.kind() == OptionSpec.Kind.ONE) {
                throw new UsageException("Option '" + name + "' should be given only once");
            }
            if (equals >= 0) {
                values.add(arg.substring(equals + 1));
            } else if (i + 1 < args.size()) {
                values.add(args.get(++i));
            } else {
                throw new UsageException("Missing value for option '" + option.synopsis() + "'");
            }
        }
        List<String> missing = spec.options().stream().filter(o -> o.isRequired() && !options.containsKey(o.name()))
                .map(o -> "'" + o.synopsis() + "'").toList();
        if (!missing.isEmpty()) {
            throw new UsageException("Missing required option" + (missing.size() > 1 ? "s: " : ": ")
                    + String.join(", ", missing));
        }
        return new ParsedArgs(options, assign(spec.parameters(), positional));
    }

    /** Hands the positional arguments to the parameters in order, each taking as many as it may. */
    private static Map<String, List<String>> assign(List<ParameterSpec> specs, List<String> positional) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int next = 0;
        for (int p = 0; p < specs.size(); p++) {
            ParameterSpec spec = specs.get(p);
            int laterMinimum = specs.subList(p + 1, specs.size()).stream().mapToInt(ParameterSpec::min).sum();
            int available = positional.size() - next - laterMinimum;
            int take = spec.max() < 0 ? Math.max(0, available) : Math.max(0, Math.min(spec.max(), available));
            if (take < spec.min()) {
                throw new UsageException("Missing required parameter: '" + spec.synopsis() + "'");
            }
            parameters.put(spec.label(), List.copyOf(positional.subList(next, next + take)));
            next += take;
        }
        if (next < positional.size()) {
            throw new UsageException("Unmatched argument" + (positional.size() - next > 1 ? "s: " : ": ")
                    + String.join(" ", positional.subList(next, positional.size()).stream().map(a -> "'" + a + "'")
                            .toList()));
        }
        return parameters;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    /** The value of an option given at most once, or null. */
    String value(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.getLast();
    }

    /** Every value of a repeatable option, in order (empty when not given). */
    List<String> values(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    Integer integer(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for option '" + name + "': '" + value + "' is not a whole number");
        }
    }

    /** The option's whole number, or {@code otherwise} when it is not given. */
    int integer(String name, int otherwise) {
        Integer value = integer(name);
        return value == null ? otherwise : value;
    }

    Path path(String name) {
        String value = value(name);
        return value == null ? null : toPath(name, value);
    }

    <E extends Enum<E>> E choice(String name, Class<E> type) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(value)).findFirst()
                .orElseThrow(() -> new UsageException("Invalid value for option '" + name + "': expected one of "
                        + Arrays.toString(type.getEnumConstants()) + " but was '" + value + "'"));
    }

    /** The one argument of a parameter, or null for an optional one not given. */
    String parameter(String label) {
        List<String> values = parameters.getOrDefault(label, List.of());
        return values.isEmpty() ? null : values.getFirst();
    }

    List<String> parameters(String label) {
        return parameters.getOrDefault(label, List.of());
    }

    List<Path> paths(String label) {
        return parameters(label).stream().map(v -> toPath("<" + label + ">", v)).toList();
    }

    /** The path an argument names: its bytes as given, whatever the locale ({@link FileNames}). */
    private static Path toPath(String what, String value) {
        try {
            return FileNames.path(value);
        } catch (FileSystemException e) {
            throw new UsageException("Invalid value for " + what + ": " + e.getMessage());
        }
    }
}
