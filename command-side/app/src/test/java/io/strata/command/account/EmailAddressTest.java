package io.strata.command.account;

import io.strata.kernel.error.DomainException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Email addresses are normalised so that one mailbox is one account, and malformed ones are refused. */
class EmailAddressTest {

    @ParameterizedTest
    @CsvSource({
            "'  Alice@Example.ORG ', alice@example.org",
            "bob+backup@sub.example.co.uk, bob+backup@sub.example.co.uk",
            "carol@BÜCHER.example, carol@xn--bcher-kva.example"})
    void normalises(String raw, String normalised) {
        assertThat(EmailAddress.parse(raw).value()).isEqualTo(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "@example.org", "a@", "a@b", "a@@b.org", ".a@b.org", "a.@b.org", "a..b@c.org",
            "a b@c.org", "a@-b.org", "a@b..org"})
    void refusesMalformed(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(DomainException.class).hasMessageContaining("not valid");
    }
}
