package io.strata.engine.repository;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plaintext objects (config, keys) are UTF-8 lines {@code name: value} after a first line
 * naming the object type, so an operator can read them with {@code cat}.
 */
final class TextFields {
    private final String kind;
    private final Map<String, String> fields;

    private TextFields(String kind, Map<String, String> fields) {
        this.kind = kind;
        this.fields = fields;
    }

    static TextFields parse(byte[] bytes, String what) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new CorruptObjectException(what, "empty");
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                throw new CorruptObjectException(what, "malformed line " + (i + 1));
            }
            f.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return new TextFields(lines[0].trim(), f);
    }

    String kind() {
        return kind;
    }

    String get(String name, String what) {
        String v = fields.get(name);
        if (v == null) {
            throw new CorruptObjectException(what, "field '" + name + "' missing");
        }
        return v;
    }

    String getOrNull(String name) {
        return fields.get(name);
    }

    int getInt(String name, String what) {
        try {
            return Integer.parseInt(get(name, what));
        } catch (NumberFormatException e) {
            throw new CorruptObjectException(what, "field '" + name + "' is not a number");
        }
    }

    static final class Builder {
        private final StringBuilder sb = new StringBuilder();

        Builder(String kind) {
            sb.append(kind).append('\n');
        }

        Builder put(String name, Object value) {
            String v = String.valueOf(value);
            if (v.contains("\n")) {
                throw new IllegalArgumentException("field values are single lines");
            }
            sb.append(name).append(": ").append(v).append('\n');
            return this;
        }

        String text() {
            return sb.toString();
        }

        byte[] bytes() {
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
