/** The in-memory backend, for tests and dry runs: objects in a concurrent map, gone with the process. */
package io.strata.engine.storage.memory;
