package io.strata.engine.cli;

/** A positional parameter of a command, taking between {@code min} and {@code max} arguments (max -1: any number). */
record ParameterSpec(String label, String description, int min, int max) {

    static ParameterSpec one(String label, String description) {
        return new ParameterSpec(label, description, 1, 1);
    }

    static ParameterSpec optional(String label, String description) {
        return new ParameterSpec(label, description, 0, 1);
    }

    static ParameterSpec oneOrMore(String label, String description) {
        return new ParameterSpec(label, description, 1, -1);
    }

    /** How the usage shows it: {@code <snapshot>}, {@code [<path>]}, {@code <paths>...}. */
    String synopsis() {
        String name = "<" + label + ">" + (max == 1 ? "" : "...");
        return min == 0 ? "[" + name + "]" : name;
    }
}
