/**
 * A fault-injecting decorator for tests: fails chosen operations with retryable or permanent
 * errors, corrupts bytes on read, or "crashes" after a number of puts, to exercise the engine's
 * error paths against any backend.
 */
package io.strata.engine.storage.fault;
