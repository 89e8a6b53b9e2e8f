package io.strata.platform.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import java.io.IOException;

/**
 * Reads JSON strings of request bodies as usual but refuses one holding a NUL character ({@code \u0000}): no
 * PostgreSQL text column can store it, so it would fail far from the request (in a projection, after the
 * change was recorded) instead of as a 400. The failure is an {@code InvalidFormatException} carrying the
 * offending value, which the problem responses turn into {@code INVALID_CHARACTER} naming the field.
 */
final class NulRejectingStringDeserializer extends StdScalarDeserializer<String> {

    NulRejectingStringDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String value = StringDeserializer.instance.deserialize(p, ctxt);
        if (value != null && value.indexOf('\0') >= 0) {
            throw ctxt.weirdStringException(value, String.class, "text must not contain NUL characters");
        }
        return value;
    }
}
