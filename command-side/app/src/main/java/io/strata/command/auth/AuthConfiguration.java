package io.strata.command.auth;

import io.strata.command.account.PasswordHasher;
import io.strata.command.account.PasswordPolicy;
import io.strata.command.signing.AccessTokenLifetime;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(AuthProperties.class)
class AuthConfiguration {

    @Bean
    AccessTokenLifetime accessTokenLifetime(AuthProperties properties) {
        return new AccessTokenLifetime(properties.accessTokenTtl());
    }

    @Bean
    PasswordHasher passwordHasher(AuthProperties properties) {
        AuthProperties.PasswordHashing cost = properties.passwordHashing();
        return new PasswordHasher(cost.memoryKib(), cost.iterations(), cost.parallelism());
    }

    @Bean
    PasswordPolicy passwordPolicy() {
        return new PasswordPolicy();
    }
}
