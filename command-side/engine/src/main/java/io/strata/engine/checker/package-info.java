/**
 * Integrity checking. Structure: every snapshot and index object readable, every indexed pack
 * present, every blob a tree references indexed. With read-data: every pack's bytes match its
 * name, and every blob decrypts and matches its id. Damage is reported per object (and blob), with
 * the snapshots and files it affects.
 */
package io.strata.engine.checker;
