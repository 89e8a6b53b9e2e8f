package io.strata.command.server;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Bodies and answers of the server routes. */
final class ServerRequests {

    private ServerRequests() {
    }

    record Register(@NotBlank @Size(max = 100) String name,
                    @Size(min = 1, max = 253) String host,
                    Integer port,
                    @Size(min = 1, max = 32) String username,
                    @Size(min = 1, max = 4096) String localPath) {
    }

    record Registered(String serverId, String publicKey) {
    }

    record Removed(String serverId) {
    }
}
