package io.strata.kernel.server;

import java.time.Instant;

/**
 * A server as the API shows it. {@code publicKey} is the tenant's OpenSSH public key, the line to add to
 * the server's {@code authorized_keys}. {@code lastBackupId}/{@code lastBackupAt} name its latest successful
 * backup (null before the first).
 */
public record ServerView(String serverId,
                         String name,
                         ServerKind kind,
                         String host,
                         Integer port,
                         String username,
                         String localPath,
                         String publicKey,
                         Instant registeredAt,
                         String lastBackupId,
                         Instant lastBackupAt) {
}
