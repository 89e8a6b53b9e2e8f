package io.strata.command.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenancy settings ({@code strata.tenancy.*}).
 *
 * @param baseDomain every tenant's default domain is {@code <slug>.<baseDomain>} (environment
 *                   {@code STRATA_TENANCY_BASE_DOMAIN})
 */
@ConfigurationProperties("strata.tenancy")
public record TenancyProperties(@DefaultValue("strata.localhost") String baseDomain) {
}
