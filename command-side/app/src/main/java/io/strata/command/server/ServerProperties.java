package io.strata.command.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Server settings ({@code strata.servers.*}).
 *
 * @param localRoots directories under which tenants may register LOCAL servers (environment
 *                   {@code STRATA_SERVERS_LOCAL_ROOTS}, comma-separated); none by default, so a platform host's
 *                   files are never exposed unless the operator says so
 * @param commandStallTimeout how long a command source (a database dump) may write nothing before it is stopped
 *                   and its backup fails with {@code COMMAND_FAILED} (environment
 *                   {@code STRATA_SERVERS_COMMAND_STALL_TIMEOUT}, 1 hour by default)
 */
@ConfigurationProperties("strata.servers")
public record ServerProperties(@DefaultValue List<Path> localRoots, @DefaultValue("1h") Duration commandStallTimeout) {

    public ServerProperties {
        if (commandStallTimeout.isNegative() || commandStallTimeout.isZero()) {
            throw new IllegalArgumentException("strata.servers.command-stall-timeout must be positive, got "
                    + commandStallTimeout);
        }
    }
}
