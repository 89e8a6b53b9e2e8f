package io.strata.engine.storage;

/** One entry of a listing: an object and its size in bytes. */
public record ObjectInfo(ObjectName name, long size) {
}
