package io.strata.command.ssh;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/** Whether an address reaches this host itself rather than another machine over a network. */
final class ThisHost {
    private ThisHost() {
    }

    /**
     * True for a loopback address ({@code 127.0.0.0/8}, {@code ::1}), the wildcard address, and an address of
     * one of this host's own interfaces; false for any other, and when the interfaces cannot be read.
     */
    static boolean owns(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
