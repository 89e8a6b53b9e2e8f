package io.strata.command.account;

import io.strata.kernel.error.DomainException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The minimum password strength, with every reason a password fails listed. */
class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();
    private final EmailAddress email = EmailAddress.parse("margaret@example.org");

    @Test
    void acceptsStrongPasswordsAndLongPassphrases() {
        assertThatCode(() -> policy.check("Tr0ub4dor&3-xyz", email, "Acme")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("purple elephants dance quietly", email, "Acme")).doesNotThrowAnyException();
    }

    @Test
    void refusesShortSimpleCommonOrPersonalPasswords() {
        assertThat(reasons("Ab1!")).anyMatch(r -> r.contains("at least 12"));
        assertThat(reasons("onlylowercase")).anyMatch(r -> r.contains("three"));
        assertThat(reasons("Password1234")).anyMatch(r -> r.contains("too common"));
        assertThat(reasons("Margaret-2024-xyz")).anyMatch(r -> r.contains("email"));
        assertThat(reasons("AcmeCorp-2024-xyz!")).anyMatch(r -> r.contains("organisation"));
        assertThat(reasons("x".repeat(129))).anyMatch(r -> r.contains("at most 128"));
        assertThat(reasons(null)).isNotEmpty();
    }

    private List<String> reasons(String password) {
        DomainException refused = catchThrowableOfType(DomainException.class,
                () -> policy.check(password, email, "Acme Corp"));
        assertThat(refused).as("'%s' should be refused", password).isNotNull();
        assertThat(refused.code()).isEqualTo("WEAK_PASSWORD");
        @SuppressWarnings("unchecked")
        List<String> reasons = (List<String>) refused.details().get("reasons");
        return reasons;
    }
}
