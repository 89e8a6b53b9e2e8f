package io.strata.command.tenant;

import io.strata.kernel.error.DomainException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Slugs from organisation names: ASCII DNS labels, bounded, reserved words refused, collisions numbered. */
class SlugTest {

    @Test
    void makesDnsLabelsFromNames() {
        assertThat(Slug.from("Acme Corp.")).isEqualTo("acme-corp");
        assertThat(Slug.from("Société Générale — Backups")).isEqualTo("societe-generale-backups");
        assertThat(Slug.from("  --Weird__Name!!  ")).isEqualTo("weird-name");
        assertThat(Slug.from("x".repeat(80))).hasSize(Slug.MAX_LENGTH);
    }

    @Test
    void refusesReservedAndEmpty() {
        assertThatThrownBy(() -> Slug.from("WWW")).isInstanceOf(DomainException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Slug.from("!!!")).isInstanceOf(DomainException.class);
    }

    @Test
    void numbersCandidatesWithinTheLengthLimit() {
        assertThat(Slug.candidate("acme", 1)).isEqualTo("acme");
        assertThat(Slug.candidate("acme", 2)).isEqualTo("acme-2");
        assertThat(Slug.candidate("a".repeat(40), 12)).hasSize(40).endsWith("-12");
    }
}
