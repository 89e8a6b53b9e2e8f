package io.strata.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Request bodies are read by a copy of the node's object mapper (same features: unknown fields, coercions,
 * trailing tokens and duplicate keys all refused) that is stricter still: it refuses NUL characters in text,
 * numbers or booleans where text is expected ({@code "name": 123}), and blank text where a number or boolean is
 * expected ({@code "dryRun": "  "} would otherwise read as false). Only requests get these checks: events
 * already recorded are read with the node's own mapper, whatever they hold.
 */
@Configuration
class RequestJsonConfiguration implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                ObjectMapper requests = json.getObjectMapper().copy()
                        .registerModule(new SimpleModule("strata-request-text")
                                .addDeserializer(String.class, new StorableTextDeserializer()));
                requests.coercionConfigDefaults().setAcceptBlankAsEmpty(Boolean.FALSE);
                requests.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                json.setObjectMapper(requests);
            }
        }
    }
}
