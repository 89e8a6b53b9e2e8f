/**
 * The language both sides of Strata share: commands (imperative, {@code …Command}), events (past tense),
 * queries ({@code Find…Query}) and their views, and the value objects they are made of. Messages are
 * immutable records grouped by feature; they carry no behaviour beyond validating their own shape.
 */
package io.strata.kernel;
