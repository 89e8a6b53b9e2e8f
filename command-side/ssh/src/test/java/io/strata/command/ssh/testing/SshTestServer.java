package io.strata.command.ssh.testing;

import io.strata.command.ssh.ClientKey;
import io.strata.command.ssh.SshEndpoint;
import java.io.IOException;

/** What tests need of an SSH server they start: where it is, its host key, and whom it lets in. */
public interface SshTestServer {
    SshEndpoint endpoint();

    /** The host key fingerprint, {@code SHA256:…}. */
    String hostKeyFingerprint() throws IOException;

    /** Lets the key log in as {@link SshEndpoint#username()}. */
    void authorize(ClientKey key) throws IOException;

    /** Presents a new host key from the next connection on. */
    void regenerateHostKey() throws IOException;

    /** Cuts every open connection from the server side, as a network failure or server restart would. */
    void dropConnections() throws IOException;

    /** Whether this is OpenSSH (true) or MINA SSHD (false), for the few differences tests assert. */
    boolean isOpenSsh();
}
