package io.strata.command.server;

import io.strata.command.hostpath.HostPathClaims;
import io.strata.kernel.error.DisplayNames;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.network.DnsName;
import io.strata.kernel.server.RegisterServerCommand;
import io.strata.kernel.server.ServerKind;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Turns a registration request into a {@link RegisterServerCommand}, refusing what cannot work: both or
 * neither of host and local path, a host that is neither a DNS name nor an IP literal, a port outside
 * 1-65535, a user name no Linux system accepts, a local path that is relative, not a directory, (after
 * resolving symbolic links) outside every configured root, or claimed otherwise ({@link HostPathClaims}).
 */
final class ServerRegistration {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private final LocalServerPaths localPaths;
    private final HostPathClaims claims;

    ServerRegistration(LocalServerPaths localPaths, HostPathClaims claims) {
        this.localPaths = localPaths;
        this.claims = claims;
    }

    RegisterServerCommand command(ServerId serverId, TenantId tenantId, ServerRequests.Register request) {
        String name = DisplayNames.require(request.name(), "INVALID_SERVER_NAME", "server");
        boolean ssh = request.host() != null;
        boolean local = request.localPath() != null;
        if (ssh == local) {
            throw invalid("INVALID_SERVER_CONNECTION",
                    "Give either host, port and username (an SSH server) or localPath (a path on the platform host)");
        }
        if (local) {
            if (request.port() != null || request.username() != null) {
                throw invalid("INVALID_SERVER_CONNECTION", "A LOCAL server takes no port or username");
            }
            return new RegisterServerCommand(serverId, tenantId, name, ServerKind.LOCAL, null, null, null,
                    allowedLocalPath(tenantId, request.localPath()).toString());
        }
        int port = request.port() == null ? 22 : request.port();
        if (port < 1 || port > 65535) {
            throw invalid("INVALID_PORT", "The port must be between 1 and 65535");
        }
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            throw invalid("INVALID_USERNAME", "The username must be a valid Linux user name");
        }
        return new RegisterServerCommand(serverId, tenantId, name, ServerKind.SSH, host(request.host()), port,
                request.username(), null);
    }

    private static String host(String raw) {
        String host = raw.strip();
        if (IPV4.matcher(host).matches()) {
            return host;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.contains(":") && host.matches("[0-9A-Fa-f:.]+")) {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                throw invalid("INVALID_HOST", "'" + raw + "' is not a valid IPv6 address");
            }
        }
        if (host.equalsIgnoreCase("localhost")) {
            return "localhost";
        }
        return DnsName.parse(host).map(DnsName::value).orElseThrow(() ->
                invalid("INVALID_HOST", "'" + raw + "' is neither a host name nor an IP address"));
    }

    private Path allowedLocalPath(TenantId tenantId, String raw) {
        Path path;
        try {
            path = Path.of(raw);
        } catch (InvalidPathException e) {
            throw invalid("INVALID_LOCAL_PATH", "'" + raw + "' is not a valid path");
        }
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            throw invalid("INVALID_LOCAL_PATH", "The local path must be absolute and normalised (no '.' or '..')");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "LOCAL_PATH_NOT_FOUND",
                    "The local path " + path + " does not exist on the platform host");
        }
        if (!Files.isDirectory(real)) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "LOCAL_PATH_NOT_DIRECTORY",
                    "The local path " + path + " is not a directory");
        }
        if (!localPaths.allows(real)) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "LOCAL_PATH_NOT_ALLOWED",
                    "The local path " + path + " is outside the directories the operator allows for LOCAL servers");
        }
        claims.conflict(tenantId, HostPathClaims.Claimant.SERVER, path).ifPresent(why -> {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "LOCAL_PATH_TAKEN", why);
        });
        return path;
    }

    private static DomainException invalid(String code, String message) {
        return new DomainException(ErrorKind.INVALID, code, message);
    }
}
