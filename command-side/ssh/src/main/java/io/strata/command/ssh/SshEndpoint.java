package io.strata.command.ssh;

/**
 * Where to connect and as whom.
 *
 * @param host DNS name or IP address literal (IPv6 without brackets)
 * @param port TCP port, 1 to 65535
 * @param username remote login name
 */
public record SshEndpoint(String host, int port, String username) {
    public SshEndpoint {
        if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw new IllegalArgumentException("invalid SSH host: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid SSH port " + port + ": must be 1 to 65535");
        }
        if (username == null || username.isEmpty() || username.length() > 256
                || username.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == ':' || c == '/')) {
            throw new IllegalArgumentException("invalid SSH user name: '" + username + "'");
        }
    }

    public static SshEndpoint of(String host, String username) {
        return new SshEndpoint(host, 22, username);
    }

    @Override
    public String toString() {
        return username + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
