package io.strata.command.ssh.testing;

import io.strata.command.ssh.ClientKey;
import io.strata.command.ssh.HostKeyFingerprints;
import io.strata.command.ssh.SshEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.security.Principal;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Apache MINA SSHD's own server on 127.0.0.1 and a free port: an Ed25519 host key, public key
 * logins for any user name with an authorized key, SFTP ({@link SftpSubsystemFactory}) on the
 * real file system, and commands run with {@code /bin/sh -c} as the test process's user. A second
 * SFTP peer besides OpenSSH, with different extensions (no users-groups-by-id) and limits.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MinaSshServer MINA = new MinaSshServer();
 * }</pre>
 */
public final class MinaSshServer implements SshTestServer, BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
    private final boolean sftp;
    private final boolean commands;
    /** MINA's {@code sftp-openssh-extensions}: the OpenSSH extensions offered, or null for its defaults. */
    private final String openSshExtensions;
    private final boolean faulty;
    private final AtomicInteger filesOpen = new AtomicInteger();
    private final AtomicInteger mostFilesOpen = new AtomicInteger();
    private final List<Long> commandWindows = new CopyOnWriteArrayList<>();
    private final List<Long> sftpWindows = new CopyOnWriteArrayList<>();
    private volatile KeyPair hostKey;
    private SshServer server;

    /** A server with SFTP and commands. */
    public MinaSshServer() {
        this(true);
    }

    /** With {@code sftp} false the server runs commands but has no SFTP subsystem. */
    public MinaSshServer(boolean sftp) {
        this(sftp, true);
    }

    private MinaSshServer(boolean sftp, boolean commands) {
        this(sftp, commands, null);
    }

    private MinaSshServer(boolean sftp, boolean commands, String openSshExtensions) {
        this(sftp, commands, openSshExtensions, false);
    }

    private MinaSshServer(boolean sftp, boolean commands, String openSshExtensions, boolean faulty) {
        this.sftp = sftp;
        this.commands = commands;
        this.openSshExtensions = openSshExtensions;
        this.faulty = faulty;
    }

    /**
     * SFTP and commands, with a server that refuses every change of owner or group (permission denied, as a
     * non-root login gets; its commands find a {@code chown} that refuses) and fails every WRITE to a file whose
     * name starts with {@code unwritable} (as a full disk would).
     */
    public static MinaSshServer faulty() {
        return new MinaSshServer(true, true, null, true);
    }

    /**
     * SFTP and commands, but offering only the OpenSSH extensions {@code hardlink}, {@code lsetstat} and
     * {@code limits}: like a server without {@code posix-rename@openssh.com}, whose plain RENAME refuses an
     * existing name.
     */
    public static MinaSshServer withoutPosixRename() {
        return new MinaSshServer(true, true, "hardlink@openssh.com=1,lsetstat@openssh.com=1,limits@openssh.com=1");
    }

    /** A server whose SFTP lacks lsetstat@openssh.com (as OpenSSH before 8.0), with commands. */
    public static MinaSshServer withoutLsetstat() {
        return new MinaSshServer(true, true, WITHOUT_LSETSTAT);
    }

    /** A server whose SFTP lacks lsetstat@openssh.com, and that refuses to run commands. */
    public static MinaSshServer withoutLsetstatOrCommands() {
        return new MinaSshServer(true, false, WITHOUT_LSETSTAT);
    }

    private static final String WITHOUT_LSETSTAT = "hardlink@openssh.com=1,posix-rename@openssh.com=1,limits@openssh.com=1";

    /** SFTP only: the server refuses to run commands (like an SFTP-only account). */
    public static MinaSshServer sftpOnly() {
        return new MinaSshServer(true, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        if (hostKey == null) {
            hostKey = newHostKey();
        }
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(HOST);
        s.setPort(0);
        s.setKeyPairProvider(session -> List.of(hostKey));
        s.setPasswordAuthenticator(null);
        s.setKeyboardInteractiveAuthenticator(null);
        s.setPublickeyAuthenticator((user, key, session) -> authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        SftpSubsystemFactory.Builder sftpFactory = new SftpSubsystemFactory.Builder();
        if (faulty) {
            sftpFactory.withFileSystemAccessor(new FaultyAccessor());
        }
        SftpSubsystemFactory factory = sftpFactory.build();
        factory.addSftpEventListener(new SftpEventListener() {
            @Override
            public void opening(ServerSession session, String remoteHandle, Handle localHandle) {
                if (localHandle instanceof FileHandle) {
                    mostFilesOpen.accumulateAndGet(filesOpen.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
                if (localHandle instanceof FileHandle) {
                    filesOpen.decrementAndGet();
                }
            }
        });
        SubsystemFactory recording = new SubsystemFactory() {
            @Override
            public String getName() {
                return factory.getName();
            }

            @Override
            public Command createSubsystem(ChannelSession channel) throws IOException {
                sftpWindows.add(channel.getRemoteWindow().getSize());
                return factory.createSubsystem(channel);
            }
        };
        s.setSubsystemFactories(sftp ? List.of(recording) : List.of());
        s.setFileSystemFactory(new NativeFileSystemFactory());
        if (openSshExtensions != null) {
            SftpModuleProperties.OPENSSH_EXTENSIONS.set(s, openSshExtensions);
        }
        if (commands) {
            String prefix = faulty ? "PATH=" + refusingChown() + ":$PATH; export PATH; " : "";
            s.setCommandFactory((channel, command) -> {
                commandWindows.add(channel.getRemoteWindow().getSize());
                return new ProcessShellFactory(prefix + command, List.of("/bin/sh", "-c", prefix + command)).createShell(channel);
            });
        }
        s.start();
        server = s;
    }

    /** A directory whose {@code chown} refuses, as for a login that is not root, for {@link #faulty()}'s commands. */
    private static String refusingChown() throws IOException {
        Path bin = Files.createTempDirectory("strata-refusing-chown");
        Path chown = bin.resolve("chown");
        Files.writeString(chown, "#!/bin/sh\necho \"chown: changing ownership: Operation not permitted\" >&2\nexit 1\n");
        chown.toFile().setExecutable(true);
        bin.toFile().deleteOnExit();
        chown.toFile().deleteOnExit();
        return bin.toString();
    }

    private static KeyPair newHostKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519", new BouncyCastleProvider()).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The window the client granted on each channel that ran a command, as the command started, in order. */
    public List<Long> commandWindows() {
        return List.copyOf(commandWindows);
    }

    /** The window the client granted on each SFTP channel, as the subsystem started, in order. */
    public List<Long> sftpWindows() {
        return List.copyOf(sftpWindows);
    }

    /** The most files (not directories) SFTP clients had open at once since the server started or the last reset. */
    public int mostFilesOpenAtOnce() {
        return mostFilesOpen.get();
    }

    /** Starts {@link #mostFilesOpenAtOnce} again from the files open now. */
    public void resetMostFilesOpen() {
        mostFilesOpen.set(filesOpen.get());
    }

    /** Presents a new host key from the next connection on (no restart needed). */
    @Override
    public void regenerateHostKey() {
        hostKey = newHostKey();
    }

    @Override
    public String hostKeyFingerprint() {
        return HostKeyFingerprints.of(hostKey.getPublic());
    }

    @Override
    public void authorize(ClientKey key) throws IOException {
        authorize(key.openSshPublicKey("strata-test"));
    }

    /** Accepts logins with the key of this {@code authorized_keys} line. */
    public void authorize(String authorizedKeysLine) throws IOException {
        try {
            authorized.add(AuthorizedKeyEntry.parseAuthorizedKeyEntry(authorizedKeysLine)
                    .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING));
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable key line: " + e.getMessage(), e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return server.getPort();
    }

    public String user() {
        return System.getProperty("user.name");
    }

    @Override
    public SshEndpoint endpoint() {
        return new SshEndpoint(HOST, port(), user());
    }

    @Override
    public boolean isOpenSsh() {
        return false;
    }

    @Override
    public String toString() {
        return "MINA SSHD";
    }

    /** Closes every session at once; the server keeps listening. */
    @Override
    public void dropConnections() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    /** What {@link #faulty()} does to SFTP requests. */
    private static final class FaultyAccessor implements SftpFileSystemAccessor {
        @Override
        public void setFileAttribute(SftpSubsystemProxy subsystem, Path file, String view, String attribute, Object value,
                LinkOption... options) throws IOException {
            if (List.of("uid", "gid", "owner", "group").contains(attribute)) {
                throw new AccessDeniedException(file.toString(), null, "Operation not permitted");
            }
            SftpFileSystemAccessor.super.setFileAttribute(subsystem, file, view, attribute, value, options);
        }

        @Override
        public void setFileOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
                throws IOException {
            throw new AccessDeniedException(file.toString(), null, "Operation not permitted");
        }

        @Override
        public void setGroupOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
                throws IOException {
            throw new AccessDeniedException(file.toString(), null, "Operation not permitted");
        }

        @Override
        public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
            SeekableByteChannel channel = SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
            if (!file.getFileName().toString().startsWith("unwritable")) {
                return channel;
            }
            return new SeekableByteChannel() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    return channel.read(dst);
                }

                @Override
                public int write(ByteBuffer src) throws IOException {
                    throw new IOException("No space left on device");
                }

                @Override
                public long position() throws IOException {
                    return channel.position();
                }

                @Override
                public SeekableByteChannel position(long newPosition) throws IOException {
                    channel.position(newPosition);
                    return this;
                }

                @Override
                public long size() throws IOException {
                    return channel.size();
                }

                @Override
                public SeekableByteChannel truncate(long size) throws IOException {
                    channel.truncate(size);
                    return this;
                }

                @Override
                public boolean isOpen() {
                    return channel.isOpen();
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }
}
