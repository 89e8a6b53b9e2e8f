package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The times a special file's command gives {@code touch -d @…}: nine decimals, and before the epoch as a negative number. */
class RemoteSpecialFileTest {
    @Test
    void timesAreSecondsWithNineDecimals() {
        assertThat(RemoteSpecialFile.instant(1_500_000_000_123_456_789L)).isEqualTo("1500000000.123456789");
        assertThat(RemoteSpecialFile.instant(0)).isEqualTo("0.000000000");
        assertThat(RemoteSpecialFile.instant(-1)).isEqualTo("-0.000000001");
        assertThat(RemoteSpecialFile.instant(-1_500_000_000L)).isEqualTo("-1.500000000");
    }
}
