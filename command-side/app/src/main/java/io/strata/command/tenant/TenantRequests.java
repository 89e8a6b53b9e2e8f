package io.strata.command.tenant;

import io.strata.kernel.tenant.Role;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Bodies of the tenant routes. */
final class TenantRequests {

    private TenantRequests() {
    }

    record AddDomain(@NotBlank @Size(max = 253) String domain) {
    }

    record AddMember(@NotBlank @Size(max = 254) String email,
                     @NotNull @Size(max = 1024) String password,
                     @NotNull Role role) {
        @Override
        public String toString() {
            return "AddMember[email=" + email + ", role=" + role + "]";
        }
    }

    record DomainAccepted(String domain, String status, Verification verification) {
    }

    record Verification(String type, String name, String value) {
    }

    record MemberAdded(String userId, Role role) {
    }
}
