package io.strata.kernel.server;

/** How a server is reached. */
public enum ServerKind {
    /** Over SSH with the tenant's key: SFTP for files, exec for streamed commands. */
    SSH,
    /** A directory on the platform host itself. */
    LOCAL
}
