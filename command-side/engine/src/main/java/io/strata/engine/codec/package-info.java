/**
 * Wire encoding primitives of the repository format: unsigned LEB128 varints, length-prefixed byte
 * strings and UTF-8 strings, fixed-width little-endian integers, and hexadecimal names. Every
 * binary structure in FORMAT.md is written with these and nothing else.
 */
package io.strata.engine.codec;
