package io.strata.command.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.List;

/**
 * Storage settings ({@code strata.storage.*}).
 *
 * @param localRoots directories under which LOCAL storage locations may be created (environment
 *                   {@code STRATA_STORAGE_LOCAL_ROOTS}); {@code <data-dir>/storage} is always allowed, and is
 *                   where a LOCAL location without a path goes
 */
@ConfigurationProperties("strata.storage")
public record StorageProperties(@DefaultValue List<Path> localRoots) {
}
