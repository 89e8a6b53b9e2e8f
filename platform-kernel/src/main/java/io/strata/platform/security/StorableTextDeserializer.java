package io.strata.platform.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import io.strata.platform.database.StorableText;

import java.io.IOException;

/**
 * Reads JSON strings of request bodies as usual but refuses one PostgreSQL could not store as it is
 * ({@link StorableText}): a NUL character, which no text column holds, or a lone UTF-16 surrogate (the JSON
 * escape of U+DCFF, say, without its pair), which the driver writes as {@code ?}. Either would fail or change far
 * from the request (in a projection, after the change was recorded) instead of being a 400. The failure is an
 * {@code InvalidFormatException} carrying the offending value, which the problem responses turn into
 * {@code INVALID_CHARACTER} naming the field.
 */
final class StorableTextDeserializer extends StdScalarDeserializer<String> {

    StorableTextDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String value = StringDeserializer.instance.deserialize(p, ctxt);
        if (value != null && !StorableText.isStorable(value)) {
            throw ctxt.weirdStringException(value, String.class,
                    "text must not contain NUL characters or lone surrogates");
        }
        return value;
    }
}
