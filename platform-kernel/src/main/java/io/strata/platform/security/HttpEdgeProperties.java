package io.strata.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP edge ({@code strata.http.*}, environment {@code STRATA_HTTP_…}).
 *
 * @param maxBodySize the largest request body accepted; API bodies are small JSON documents
 */
@ConfigurationProperties("strata.http")
public record HttpEdgeProperties(@DefaultValue("256KB") DataSize maxBodySize) {
}
