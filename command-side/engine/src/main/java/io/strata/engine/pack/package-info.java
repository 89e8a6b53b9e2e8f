/**
 * Pack files: many encrypted blobs in one stored object, followed by an encrypted header listing
 * them (type, id, stored length, raw length, compression) and the header's length. A pack is
 * named by the SHA-256 of its bytes. See FORMAT.md, "Packs".
 */
package io.strata.engine.pack;
