package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThisHostTest {

    @Test
    void loopbackAndWildcardAddressesAreThisHost() throws Exception {
        for (String a : List.of("127.0.0.1", "127.0.1.1", "::1", "0.0.0.0", "::")) {
            assertThat(ThisHost.owns(InetAddress.getByName(a))).as(a).isTrue();
        }
    }

    @Test
    void everyAddressOfThisHostsInterfacesIsThisHost() throws Exception {
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(i.getInetAddresses())) {
                assertThat(ThisHost.owns(a)).as(i.getName() + " " + a).isTrue();
            }
        }
    }

    @Test
    void documentationAddressesAreAnotherHost() throws Exception {
        // RFC 5737 and RFC 3849: reserved for documentation, never assigned to an interface
        for (String a : List.of("192.0.2.1", "198.51.100.7", "203.0.113.9", "2001:db8::1")) {
            assertThat(ThisHost.owns(InetAddress.getByName(a))).as(a).isFalse();
        }
    }
}
