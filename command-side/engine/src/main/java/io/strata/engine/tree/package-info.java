/**
 * Trees: the encoded listing of one directory, stored as a TREE blob. A
 * {@link io.strata.engine.tree.Node} is one entry (name, metadata, and for files the content blob
 * ids and the file's SHA-256, for directories the subtree's blob id). Encoding is deterministic,
 * so an unchanged directory yields the same tree blob and is stored once.
 */
package io.strata.engine.tree;
