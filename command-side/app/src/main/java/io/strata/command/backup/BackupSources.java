package io.strata.command.backup;

import io.strata.command.server.ServerRegistry.RegisteredServer;
import io.strata.engine.source.Source;
import io.strata.engine.source.local.LocalSource;
import io.strata.kernel.server.ServerKind;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a server for reading: a LOCAL server through the engine's local source (plan paths were checked
 * to lie inside its directory). Reading SSH servers is not available on this node yet; such runs fail
 * with {@code SSH_NOT_AVAILABLE} and say so.
 */
@Component
class BackupSources {

    OpenServer open(RegisteredServer server) {
        if (server.kind() == ServerKind.LOCAL) {
            return new OpenServer(new LocalSource()) {
                @Override
                InputStream run(String command) throws IOException {
                    throw new IOException("Commands run over SSH; a LOCAL server has no shell to run them");
                }
            };
        }
        throw new BackupRunner.RunFailure("SSH_NOT_AVAILABLE", "This node cannot read SSH servers yet", false);
    }

    /** A server opened for one run: its files as a source, and its shell for command sources. */
    abstract static class OpenServer implements AutoCloseable {
        private final Source source;

        OpenServer(Source source) {
            this.source = source;
        }

        Source source() {
            return source;
        }

        /** Runs a command on the server; its standard output, which fails on read if the command fails. */
        abstract InputStream run(String command) throws IOException;

        @Override
        public void close() {
            try {
                source.close();
            } catch (IOException e) {
                // nothing held open that matters after the run
            }
        }
    }
}
