package io.strata.platform.token;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.tenant.Role;
import io.strata.platform.caller.Caller;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exact-token lookups, expiry, and the bound on what is remembered. */
class VerifiedTokensTest {

    private static final Instant T = Instant.parse("2026-11-27T12:00:00Z");
    private static final Caller CALLER = new Caller(UserId.of(UUID.randomUUID().toString()),
            TenantId.of(UUID.randomUUID().toString()), Role.OPERATOR);

    @Test
    void onlyTheExactTokenIsFoundAndOnlyBeforeItsExpiry() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        tokens.remember("aaa.bbb.ccc", verified(T.plusSeconds(60)), T);

        assertThat(tokens.find("aaa.bbb.ccc", T.plusSeconds(59))).map(VerifiedTokens.Verified::caller).contains(CALLER);
        assertThat(tokens.find("aaa.bbb.cc", T)).isEmpty();
        assertThat(tokens.find("aaa.bbb.ccd", T)).isEmpty();
        assertThat(tokens.find("aaa.bbb.ccc", T.plusSeconds(60))).isEmpty();
        assertThat(tokens.size()).as("an expired entry is dropped when met").isZero();
    }

    @Test
    void aTokenAlreadyExpiredIsNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        tokens.remember("t", verified(T), T);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void whenFullExpiredEntriesGoFirstThenEverything() {
        VerifiedTokens tokens = new VerifiedTokens(2);
        tokens.remember("short", verified(T.plusSeconds(10)), T);
        tokens.remember("long", verified(T.plusSeconds(100)), T);

        tokens.remember("third", verified(T.plusSeconds(100)), T.plusSeconds(20));
        assertThat(tokens.find("long", T.plusSeconds(20))).isPresent();
        assertThat(tokens.find("third", T.plusSeconds(20))).isPresent();
        assertThat(tokens.size()).isEqualTo(2);

        tokens.remember("fourth", verified(T.plusSeconds(100)), T.plusSeconds(30));
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.find("fourth", T.plusSeconds(30))).isPresent();
        assertThat(tokens.find("long", T.plusSeconds(30))).isEmpty();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new VerifiedTokens(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static VerifiedTokens.Verified verified(Instant expiry) {
        return new VerifiedTokens.Verified(CALLER, "k1", expiry);
    }
}
