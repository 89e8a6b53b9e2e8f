package io.strata.command.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code strata.servers.*} as the node binds it from its environment. */
class ServerPropertiesTest {

    static ServerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("strata.servers", ServerProperties.class);
    }

    @Test
    void aCommandMayBeSilentForAnHourByDefault() {
        ServerProperties p = bind(Map.of());
        assertThat(p.commandStallTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(p.localRoots()).isEmpty();
    }

    @Test
    void theStallTimeoutIsConfigurable() {
        assertThat(bind(Map.of("strata.servers.command-stall-timeout", "90s")).commandStallTimeout())
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aStallTimeoutOfZeroIsRefusedWithItsName() {
        assertThatThrownBy(() -> bind(Map.of("strata.servers.command-stall-timeout", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("strata.servers.command-stall-timeout must be positive");
    }
}
