/** The local file system as a {@link io.strata.engine.source.Source}, through java.nio's {@code unix:} attributes. */
package io.strata.engine.source.local;
