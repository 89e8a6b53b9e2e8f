package io.strata.command.account;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.tenant.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The account and membership tables. Callers run these inside their own transaction. */
@Component
public class Accounts {

    private final JdbcTemplate jdbc;

    public Accounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates an account; false when the email already has one (nothing is written then). */
    public boolean create(UserId userId, EmailAddress email, String passwordHash, Instant now) {
        return jdbc.update("insert into account (user_id, email, password_hash, created_at) values (?, ?, ?, ?)"
                + " on conflict (email) do nothing", userId.value(), email.value(), passwordHash, Timestamp.from(now)) == 1;
    }

    public Optional<Account> findByEmail(EmailAddress email) {
        return jdbc.query("select user_id, email, password_hash from account where email = ?",
                (rs, row) -> new Account(UserId.of(rs.getString(1)), new EmailAddress(rs.getString(2)), rs.getString(3)),
                email.value()).stream().findFirst();
    }

    public void addMembership(UserId userId, TenantId tenantId, Role role, Instant now) {
        jdbc.update("insert into membership (user_id, tenant_id, role, joined_at) values (?, ?, ?, ?)",
                userId.value(), tenantId.value(), role.name(), Timestamp.from(now));
    }

    /** The tenant and role of an account; empty if it belongs to none (removed). */
    public Optional<Membership> membershipOf(UserId userId) {
        return jdbc.query("select tenant_id, role from membership where user_id = ? order by joined_at limit 1",
                (rs, row) -> new Membership(userId, TenantId.of(rs.getString(1)), Role.valueOf(rs.getString(2))),
                userId.value()).stream().findFirst();
    }

    /** An account as login needs it. */
    public record Account(UserId userId, EmailAddress email, String passwordHash) {
        @Override
        public String toString() {
            return "Account[userId=" + userId + "]";
        }
    }

    /** Where an account belongs and what it may do there. */
    public record Membership(UserId userId, TenantId tenantId, Role role) {
    }
}
