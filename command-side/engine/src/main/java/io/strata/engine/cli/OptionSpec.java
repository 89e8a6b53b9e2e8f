package io.strata.engine.cli;

/**
 * One option of a command: {@code --name}, with a value ({@code --name VALUE} or {@code --name=VALUE}) unless it is a
 * flag; a repeatable option collects every value given, any other may be given once.
 */
record OptionSpec(String name, String label, String description, Kind kind, boolean isRequired, boolean isHidden) {

    enum Kind { FLAG, ONE, REPEATED }

    static OptionSpec flag(String name, String description) {
        return new OptionSpec(name, null, description, Kind.FLAG, false, false);
    }

    static OptionSpec value(String name, String label, String description) {
        return new OptionSpec(name, label, description, Kind.ONE, false, false);
    }

    static OptionSpec repeated(String name, String label, String description) {
        return new OptionSpec(name, label, description, Kind.REPEATED, false, false);
    }

    OptionSpec required() {
        return new OptionSpec(name, label, description, kind, true, isHidden);
    }

    /** Left out of the usage (options for tests and throwaway repositories). */
    OptionSpec hidden() {
        return new OptionSpec(name, label, description, kind, isRequired, true);
    }

    /** How the usage shows it: {@code --repo=<dir>}, or the name of a flag. */
    String synopsis() {
        return kind == Kind.FLAG ? name : name + "=<" + label + ">";
    }
}
