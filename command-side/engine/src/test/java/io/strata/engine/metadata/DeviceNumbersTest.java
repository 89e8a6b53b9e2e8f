package io.strata.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceNumbersTest {

    @Test
    void numbersAreEncodedAsGlibcsMakedevDoesAndTakenApartAgain() {
        assertThat(DeviceNumbers.of(1, 3)).isEqualTo(0x103L); // /dev/null, as stat's %t:%T and st_rdev show it
        assertThat(DeviceNumbers.of(259, 65_537)).isEqualTo(0x1001_0301L); // the minor's high bits above the major
        for (long[] mm : List.of(new long[] {0, 0}, new long[] {8, 1}, new long[] {4095, 255}, new long[] {4096, 256},
                new long[] {0xFFFF_FFFFL, 0xFFFF_FFFFL})) {
            long dev = DeviceNumbers.of(mm[0], mm[1]);
            assertThat(List.of(DeviceNumbers.major(dev), DeviceNumbers.minor(dev))).containsExactly(mm[0], mm[1]);
        }
    }
}
