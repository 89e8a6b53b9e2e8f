package io.strata.engine.tree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A directory listing: nodes sorted by name in String order (UTF-8 byte order for names of the Basic Multilingual
 * Plane; a name's bytes that are not UTF-8 are held as U+DC80 + (byte - 0x80), see LosslessUtf8).
 */
public record Tree(List<Node> nodes) {
    public Tree {
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(Node::name));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("duplicate entry name: " + sorted.get(i).name());
            }
        }
        nodes = List.copyOf(sorted);
    }

    public Optional<Node> find(String name) {
        int lo = 0;
        int hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = nodes.get(mid).name().compareTo(name);
            if (c == 0) {
                return Optional.of(nodes.get(mid));
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }
}
