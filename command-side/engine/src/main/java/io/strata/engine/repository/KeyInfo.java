package io.strata.engine.repository;

import java.time.Instant;

/** A wrap of the master key, as listed: its object name, kind ({@code password} or {@code kek}), label and creation time. */
public record KeyInfo(String id, String kind, String label, Instant created) {
}
