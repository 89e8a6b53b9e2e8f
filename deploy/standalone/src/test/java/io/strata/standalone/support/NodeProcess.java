package io.strata.standalone.support;

import io.strata.standalone.StrataApplication;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Another Strata node in its own JVM, sharing a test's database and data directory: a real second member of
 * the cluster, which a test can kill without warning.
 */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static NodeProcess start(String database, Path dataDir, Map<String, String> properties) throws IOException {
        Path log = Files.createTempFile("strata-node", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), StrataApplication.class.getName(),
                "--strata.db.url=jdbc:postgresql://" + FreshDatabase.host() + "/" + database,
                "--strata.db.username=" + FreshDatabase.APP_ROLE,
                "--strata.data-dir=" + dataDir,
                "--server.port=0",
                "--strata.log.format=plain"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(System.getProperty("java.io.tmpdir"))).start();
        return new NodeProcess(process, log);
    }

    /** Kills the node at once (SIGKILL): no shutdown hook, no graceful stop, as when a machine dies. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
