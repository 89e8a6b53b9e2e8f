/**
 * zstd compression through zstd-jni, with per-thread contexts and buffers. A payload is stored
 * compressed only when that saves space; incompressible data is detected from a sample first so
 * no CPU is spent compressing it whole.
 */
package io.strata.engine.compression;
