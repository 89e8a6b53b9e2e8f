package io.strata.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Request bodies are read by a copy of the node's object mapper (same features: unknown fields, coercions,
 * trailing tokens and duplicate keys all refused) that also refuses NUL characters in text. Only requests get
 * the NUL check: events already recorded are read with the node's own mapper, whatever they hold.
 */
@Configuration
class RequestJsonConfiguration implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                ObjectMapper requests = json.getObjectMapper().copy()
                        .registerModule(new SimpleModule("strata-request-text")
                                .addDeserializer(String.class, new NulRejectingStringDeserializer()));
                json.setObjectMapper(requests);
            }
        }
    }
}
