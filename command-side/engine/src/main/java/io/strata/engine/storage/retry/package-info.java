/**
 * A retrying decorator: repeats calls that failed with a retryable error, with exponential
 * backoff, and passes permanent errors straight through.
 */
package io.strata.engine.storage.retry;
