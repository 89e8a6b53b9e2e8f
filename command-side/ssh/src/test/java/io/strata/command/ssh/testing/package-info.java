/**
 * SSH servers for tests, published in this module's test-jar ({@code <type>test-jar</type>}) for
 * the platform's integration tests: {@link io.strata.command.ssh.testing.OpenSshServer} runs the
 * machine's real {@code /usr/sbin/sshd} (Debian: {@code apt-get install -y openssh-server}) on a
 * free loopback port with its own host key and authorized_keys; {@link
 * io.strata.command.ssh.testing.MinaSshServer} runs Apache MINA SSHD's server with SFTP and
 * commands. Both are JUnit 5 extensions ({@code @RegisterExtension static final}) and can be
 * driven by hand. {@link io.strata.command.ssh.testing.TestKeys} makes client keys the way the
 * platform makes tenant keys.
 */
package io.strata.command.ssh.testing;
