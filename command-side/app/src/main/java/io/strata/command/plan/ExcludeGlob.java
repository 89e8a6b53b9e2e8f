package io.strata.command.plan;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One exclude pattern of a plan source, matched against path strings. The syntax and meaning are those of the JDK's
 * {@code glob:} path matchers on Unix ({@code *} and {@code ?} within a name, {@code **} across names,
 * {@code [a-z]} and {@code [!a-z]} classes that never match {@code /}, {@code {a,b}} groups, {@code \} escapes),
 * but the match is on text: a name the platform's JVM could not turn into a {@link java.nio.file.Path} (not UTF-8 on
 * its server, or not ASCII on a node in the C locale) is matched like any other. One difference, deliberate:
 * {@code **} also matches names holding a newline, which the JDK's {@code .*} does not.
 */
public final class ExcludeGlob {
    private static final String META = "\\^$.|?*+()[]{}";

    private final Pattern pattern;

    private ExcludeGlob(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws PatternSyntaxException when the glob is malformed (an unclosed class or group, a nested group, …) */
    public static ExcludeGlob compile(String glob) {
        return new ExcludeGlob(Pattern.compile(toRegex(glob), Pattern.DOTALL));
    }

    /** Whether the whole text matches. */
    public boolean matches(String text) {
        return pattern.matcher(text).matches();
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        boolean inGroup = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '\\' -> {
                    if (i == glob.length()) {
                        throw new PatternSyntaxException("No character to escape", glob, i - 1);
                    }
                    literal(regex, glob.charAt(i++));
                }
                case '/' -> regex.append('/');
                case '[' -> i = charClass(glob, i, regex);
                case '{' -> {
                    if (inGroup) {
                        throw new PatternSyntaxException("Cannot nest groups", glob, i - 1);
                    }
                    regex.append("(?:(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        regex.append("))");
                        inGroup = false;
                    } else {
                        regex.append('}');
                    }
                }
                case ',' -> regex.append(inGroup ? ")|(?:" : ",");
                case '*' -> {
                    if (i < glob.length() && glob.charAt(i) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                default -> literal(regex, c);
            }
        }
        if (inGroup) {
            throw new PatternSyntaxException("Missing '}'", glob, i - 1);
        }
        return regex.append('$').toString();
    }

    /** Appends the class opened at {@code i - 1}; returns the index after its {@code ]}. */
    private static int charClass(String glob, int i, StringBuilder regex) {
        regex.append("[[^/]&&[");
        if (i < glob.length() && glob.charAt(i) == '^') {
            regex.append("\\^");
            i++;
        } else {
            if (i < glob.length() && glob.charAt(i) == '!') {
                regex.append('^');
                i++;
            }
            if (i < glob.length() && glob.charAt(i) == '-') {
                regex.append('-');
                i++;
            }
        }
        boolean hasRangeStart = false;
        char last = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            if (c == ']') {
                return closeClass(regex, i);
            }
            if (c == '/') {
                throw new PatternSyntaxException("Explicit 'name separator' in class", glob, i - 1);
            }
            if (c == '\\' || c == '[' || (c == '&' && i < glob.length() && glob.charAt(i) == '&')) {
                regex.append('\\'); // escape '\', '[' and "&&" for the regex
            }
            regex.append(c);
            if (c == '-') {
                if (!hasRangeStart) {
                    throw new PatternSyntaxException("Invalid range", glob, i - 1);
                }
                if (i == glob.length()) {
                    break;
                }
                c = glob.charAt(i++);
                if (c == ']') {
                    return closeClass(regex, i); // a '-' just before the ']' stands for itself
                }
                if (c < last) {
                    throw new PatternSyntaxException("Invalid range", glob, i - 3);
                }
                regex.append(c);
                hasRangeStart = false;
            } else {
                hasRangeStart = true;
                last = c;
            }
        }
        throw new PatternSyntaxException("Missing ']'", glob, i - 1);
    }

    private static int closeClass(StringBuilder regex, int i) {
        regex.append("]]");
        return i;
    }

    private static void literal(StringBuilder regex, char c) {
        if (META.indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }
}
