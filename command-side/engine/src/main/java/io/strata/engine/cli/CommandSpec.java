package io.strata.engine.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a command takes and says about itself: its description, options and positional parameters (to parse its
 * arguments and write its usage), and how it is made from what was parsed; or, for a command that only groups
 * others ({@code key}, {@code repair}), its subcommands.
 */
record CommandSpec(String name, List<String> description, List<OptionSpec> options, List<ParameterSpec> parameters,
                   Factory factory, List<CommandSpec> subcommands) {

    /** Makes the command to run from its parsed arguments; its output goes to {@code out}. */
    interface Factory {
        Callable<Integer> create(ParsedArgs args, PrintWriter out);
    }

    static CommandSpec command(String name, List<String> description, List<OptionSpec> options,
            List<ParameterSpec> parameters, Factory factory) {
        return new CommandSpec(name, description, options, parameters, factory, List.of());
    }

    static CommandSpec group(String name, String description, List<CommandSpec> subcommands) {
        return new CommandSpec(name, List.of(description), List.of(), List.of(), null, subcommands);
    }

    Optional<CommandSpec> subcommand(String name) {
        return subcommands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    Optional<OptionSpec> option(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
