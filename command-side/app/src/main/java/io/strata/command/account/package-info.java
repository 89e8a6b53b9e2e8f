/**
 * Accounts: people who sign in. An account is its normalised {@link io.strata.command.account.EmailAddress},
 * an Argon2id hash of a password that passed the {@link io.strata.command.account.PasswordPolicy}, and its
 * membership (tenant and role). Credentials are mutable, erasable state, so they live in tables, not events;
 * memberships mirror the tenant's {@code MemberJoined} events.
 */
package io.strata.command.account;
