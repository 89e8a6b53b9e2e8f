package io.strata.command.ssh;

import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.cipher.BuiltinCiphers;

/**
 * Timeouts and transport tuning shared by every connection of one {@link SshConnector}.
 *
 * @param connectTimeout resolving the host and opening the TCP connection
 * @param authTimeout from TCP connected to authenticated (banner, key exchange, host key check, public key)
 * @param requestTimeout longest wait for one SFTP reply or channel open; a server silent for longer
 *        is taken as lost ({@link SshErrorCode#SSH_CONNECTION_LOST})
 * @param heartbeatInterval keep-alive messages on idle connections (NATs and firewalls drop silent ones); zero disables
 * @param idleTimeout a connection without any traffic for this long is closed (heartbeats count as traffic)
 * @param windowSize SSH channel window we grant the server: bytes it may send before we acknowledge. 2 MiB, the
 *        window OpenSSH's own client grants: the server's processes fill whatever window they are given while the
 *        engine consumes at its own pace, and OpenSSH's sshd then spends its CPU moving the buffered data within its
 *        buffers. With 8 MiB, 7-8% of the machine's CPU in a loopback backup of the Linux tree went to sshd's
 *        {@code memmove} (under 0.5% with 2 MiB) and the backup took 20% longer; a 1 GB file read over SFTP took as
 *        long with either. 2 MiB per channel still carries 40 MB/s over a 50 ms round trip
 * @param packetSize largest SSH data packet we accept; 32 KiB (a 256 KiB packet size hung MINA)
 * @param ciphers cipher names in order of preference; AES-GCM first (AES-NI), then ChaCha20-Poly1305
 * @param commandStallTimeout a remote command ({@link CommandStream}, e.g. a database dump) whose
 *        stdout stays silent for this long is stopped and fails ({@link CommandFailedException.Reason#STALLED}).
 *        Generous by default (1 hour): a dump may rightly wait a while for a lock or a slow first query,
 *        but a backup must not wait forever for one stuck on a hung file system or a lock never released
 */
public record SshSettings(Duration connectTimeout, Duration authTimeout, Duration requestTimeout,
        Duration heartbeatInterval, Duration idleTimeout, long windowSize, int packetSize, List<String> ciphers,
        Duration commandStallTimeout) {

    public static final List<String> DEFAULT_CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
            "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr");

    public SshSettings {
        positive(connectTimeout, "connectTimeout");
        positive(authTimeout, "authTimeout");
        positive(requestTimeout, "requestTimeout");
        if (heartbeatInterval == null || heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("heartbeatInterval must be zero (off) or positive");
        }
        positive(idleTimeout, "idleTimeout");
        if (windowSize < 64 * 1024 || windowSize > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("windowSize must be 64 KiB to 4 GiB - 1, got " + windowSize);
        }
        if (packetSize < 4096 || packetSize > 256 * 1024) {
            throw new IllegalArgumentException("packetSize must be 4 KiB to 256 KiB, got " + packetSize);
        }
        positive(commandStallTimeout, "commandStallTimeout");
        ciphers = List.copyOf(ciphers);
        if (ciphers.isEmpty()) {
            throw new IllegalArgumentException("no ciphers");
        }
        for (String c : ciphers) {
            BuiltinCiphers b = BuiltinCiphers.fromFactoryName(c);
            if (b == null || !b.isSupported()) {
                throw new IllegalArgumentException("unsupported SSH cipher '" + c + "'");
            }
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static SshSettings defaults() {
        return new SshSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofHours(1), 2L * 1024 * 1024, 32 * 1024, DEFAULT_CIPHERS, Duration.ofHours(1));
    }

    public SshSettings withConnectTimeout(Duration d) {
        return new SshSettings(d, authTimeout, requestTimeout, heartbeatInterval, idleTimeout, windowSize, packetSize,
                ciphers, commandStallTimeout);
    }

    public SshSettings withAuthTimeout(Duration d) {
        return new SshSettings(connectTimeout, d, requestTimeout, heartbeatInterval, idleTimeout, windowSize, packetSize,
                ciphers, commandStallTimeout);
    }

    public SshSettings withRequestTimeout(Duration d) {
        return new SshSettings(connectTimeout, authTimeout, d, heartbeatInterval, idleTimeout, windowSize, packetSize,
                ciphers, commandStallTimeout);
    }

    public SshSettings withWindowSize(long bytes) {
        return new SshSettings(connectTimeout, authTimeout, requestTimeout, heartbeatInterval, idleTimeout, bytes,
                packetSize, ciphers, commandStallTimeout);
    }

    public SshSettings withCiphers(List<String> names) {
        return new SshSettings(connectTimeout, authTimeout, requestTimeout, heartbeatInterval, idleTimeout, windowSize,
                packetSize, names, commandStallTimeout);
    }

    public SshSettings withCommandStallTimeout(Duration d) {
        return new SshSettings(connectTimeout, authTimeout, requestTimeout, heartbeatInterval, idleTimeout, windowSize,
                packetSize, ciphers, d);
    }
}
