/**
 * SSH access to the servers Strata backs up, for the engine: plain Java on Apache MINA SSHD's
 * client, no Spring, no Axon (the platform wires it).
 *
 * <p>Vocabulary:
 * <ul>
 *   <li>{@link io.strata.command.ssh.SshConnector}: one per process; opens
 *       {@link io.strata.command.ssh.SshConnection}s to an {@link io.strata.command.ssh.SshEndpoint}
 *       with a tenant's {@link io.strata.command.ssh.ClientKey} (Ed25519, PKCS#8) under a
 *       {@link io.strata.command.ssh.HostKeyPolicy} (trust on first use, or pinned to an OpenSSH
 *       {@code SHA256:} fingerprint); {@code testConnection} reports a
 *       {@link io.strata.command.ssh.ConnectionTest}.</li>
 *   <li>{@link io.strata.command.ssh.SftpSource}: the server's files as an engine
 *       {@code Source} (backups); {@link io.strata.command.ssh.SftpOutput}: a server directory as
 *       an engine {@code Output} (restores); {@link io.strata.command.ssh.CommandStream}: a
 *       command's stdout as an {@code InputStream} for the engine's stream backup (database dumps).</li>
 *   <li>Failures: {@link io.strata.command.ssh.SshException} with a stable
 *       {@link io.strata.command.ssh.SshErrorCode} and a retryable flag;
 *       {@link io.strata.command.ssh.HostKeyMismatchException} (both fingerprints),
 *       {@link io.strata.command.ssh.CommandFailedException} (exit status, signal, stderr tail),
 *       {@link io.strata.command.ssh.SftpStatusException}, and {@code java.nio.file}'s
 *       {@code NoSuchFileException} / {@code AccessDeniedException} for paths;
 *       {@link io.strata.command.ssh.InvalidClientKeyException} for key bytes that are no
 *       Ed25519 PKCS#8 key.</li>
 * </ul>
 *
 * <p>SFTP is spoken in version 3 (what OpenSSH serves), with OpenSSH's extensions where offered:
 * {@code limits@openssh.com}, {@code users-groups-by-id@openssh.com}, {@code hardlink@openssh.com},
 * {@code lsetstat@openssh.com}. The SFTP packets are written and parsed in
 * {@code SftpChannel} over MINA's subsystem channel, so requests are pipelined and batched.
 */
package io.strata.command.ssh;
