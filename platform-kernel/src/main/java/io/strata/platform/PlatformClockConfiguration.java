package io.strata.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The one clock every component is given; tests replace it to move time. */
@Configuration
class PlatformClockConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
