package io.strata.command.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Bodies of the auth routes. Their {@code toString} never shows a password or token. */
final class AuthRequests {

    private AuthRequests() {
    }

    record Signup(@NotBlank @Size(max = 254) String email,
                  @NotNull @Size(max = 1024) String password,
                  @NotBlank @Size(max = 100) String organization) {
        @Override
        public String toString() {
            return "Signup[email=" + email + ", organization=" + organization + "]";
        }
    }

    record Login(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "Login[email=" + email + "]";
        }
    }

    record Refresh(@NotBlank @Size(max = 256) String refreshToken) {
        @Override
        public String toString() {
            return "Refresh[…]";
        }
    }
}
