package io.strata.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.command.warmup.CipherWarmUp;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of a node: health, info, JSON logs with request context and never a secret; and
 * handlers that run without Axon's time limits (which walk the whole stack each time a handler starts); AES-GCM
 * brought to full speed once the node is ready.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlatformNodeTest extends PlatformTest {

    @Autowired
    QueryBus queryBus;

    @Autowired
    CommandBus commandBus;

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    CipherWarmUp cipherWarmUp;

    /** A command as the node's runners send them, with text from outside the platform. */
    record TextFromOutside(String stderr) {
    }

    @Test
    void healthIsUpWithTheDatabaseAndInfoAnswers() {
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(api.get("/actuator/info", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/env", null).status()).as("other endpoints are closed").isIn(401, 403);
    }

    @Test
    void logsAreJsonWithTraceTenantAndUserAndNeverShowSecrets(CapturedOutput output) throws Exception {
        String secret = "Unmistakable-Secret-" + System.nanoTime();
        Api.Response signup = api.post("/api/v1/auth/signup", null,
                Api.signup("logs-" + System.nanoTime() + "@example.org", secret, "Log Org " + System.nanoTime()));
        assertThat(signup.status()).isEqualTo(201);
        api.post("/api/v1/auth/login", null, Map.of("email", "nobody@example.org", "password", secret));
        Api.Response registered = api.post("/api/v1/servers", signup.text("accessToken"),
                Map.of("name", "logged", "host", "logged.example.org", "username", "u"));
        String traceId = registered.header("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        JsonNode registration = lines.stream()
                .filter(line -> line.path("message").asText().contains(registered.text("serverId")))
                .findFirst().orElseThrow(() -> new AssertionError("no log line for the registration"));
        assertThat(registration.get("traceId").asText()).isEqualTo(traceId);
        assertThat(registration.get("tenantId").asText()).isEqualTo(signup.text("tenantId"));
        assertThat(registration.get("userId").asText()).isEqualTo(signup.text("userId"));
        assertThat(registration.has("@timestamp")).isTrue();
        assertThat(registration.get("level").asText()).isEqualTo("INFO");
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(signup.text("refreshToken"));
    }

    /** A command for an aggregate that does not exist is a 404 like any other, not a warning with a stack trace. */
    @Test
    void unknownIdsOnCommandRoutesLogNoWarnings(CapturedOutput output) {
        Api.Response signup = api.post("/api/v1/auth/signup", null,
                Api.signup("quiet-" + System.nanoTime() + "@example.org", "correct horse battery", "Quiet Org " + System.nanoTime()));
        String unknown = java.util.UUID.randomUUID().toString();
        assertThat(api.post("/api/v1/backups/" + unknown + "/cancel", signup.text("accessToken"), Map.of()).status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/servers/" + unknown, signup.text("accessToken")).status()).isEqualTo(404);
        assertThat(output.getAll()).doesNotContain(unknown);
    }

    @Test
    void handlersRunWithoutAxonsTimeLimits() {
        String query = "strata.test.handlerStack";
        Registration handler = queryBus.subscribe(query, String.class, message -> StackWalker.getInstance()
                .walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                        .filter(name -> name.startsWith("org.axonframework.messaging.timeout."))
                        .findFirst().orElse("no time limit")));
        try {
            String found = queryBus.query(new GenericQueryMessage<>("?", query, ResponseTypes.instanceOf(String.class)))
                    .join().getPayload().toString();
            assertThat(found).as("a time-limiting interceptor in the handler's stack").isEqualTo("no time limit");
        } finally {
            handler.cancel();
        }
    }

    @Test
    void commandsReachTheirHandlersWithoutNulCharacters() {
        Registration handler = commandBus.subscribe(TextFromOutside.class.getName(),
                message -> ((TextFromOutside) message.getPayload()).stderr());
        try {
            Object received = commandGateway.sendAndWait(new TextFromOutside("dump failed\u0000 at 7"));
            assertThat(received).isEqualTo("dump failed\uFFFD at 7");
        } finally {
            handler.cancel();
        }
    }

    /** The warm-up itself is tested in a fresh JVM (the engine's {@code GcmWarmUpTest}); here, that a node runs it. */
    @Test
    void aReadyNodeBringsAesGcmToFullSpeed() throws Exception {
        assertThat(cipherWarmUp.done().get(60, TimeUnit.SECONDS)).isTrue();
    }
}
