package io.strata.command.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.List;

/**
 * Server settings ({@code strata.servers.*}).
 *
 * @param localRoots directories under which tenants may register LOCAL servers (environment
 *                   {@code STRATA_SERVERS_LOCAL_ROOTS}, comma-separated); none by default, so a platform host's
 *                   files are never exposed unless the operator says so
 */
@ConfigurationProperties("strata.servers")
public record ServerProperties(@DefaultValue List<Path> localRoots) {
}
