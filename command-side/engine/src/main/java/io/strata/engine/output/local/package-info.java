/** The local file system as a restore {@link io.strata.engine.output.Output}; all-zero blocks become holes. */
package io.strata.engine.output.local;
