package io.strata.kernel.network;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DNS names in canonical form, and what is not one. */
class DnsNameTest {

    @Test
    void canonicalises() {
        assertThat(DnsName.parse(" Backup.Example.COM. ")).map(DnsName::value).contains("backup.example.com");
        assertThat(DnsName.parse("bücher.example")).map(DnsName::value).contains("xn--bcher-kva.example");
    }

    @Test
    void refusesWhatIsNotAHostName() {
        for (String bad : new String[]{"localhost", "bad host.example", "-x.example.org", "x-.example.org", "a..b",
                "10.0.0.1", "a".repeat(64) + ".org", "", "exa_mple.org"}) {
            assertThat(DnsName.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void knowsWhatLiesWithinAZone() {
        DnsName zone = DnsName.parse("strata.localhost").orElseThrow();
        assertThat(DnsName.parse("acme.strata.localhost").orElseThrow().isWithin(zone)).isTrue();
        assertThat(DnsName.parse("evilstrata.localhost").orElseThrow().isWithin(zone)).isFalse();
    }
}
