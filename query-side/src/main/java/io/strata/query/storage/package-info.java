/** The storage-location read model: names, types and non-secret settings, never credentials. */
package io.strata.query.storage;
