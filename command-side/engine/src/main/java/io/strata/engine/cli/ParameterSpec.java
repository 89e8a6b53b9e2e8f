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

    /** How the usage names it: {@code <snapshot>}, {@code <paths>...}. */
    String shown() {
        return "<" + label + ">" + (max == 1 ? "" : "...");
    }

    /** How the usage's synopsis shows it: as {@link #shown}, in brackets when it may be left out. */
    String synopsis() {
        return min == 0 ? "[" + shown() + "]" : shown();
    }
}
