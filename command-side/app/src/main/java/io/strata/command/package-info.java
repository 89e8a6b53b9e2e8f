/**
 * The write side: aggregates decide, command handlers and services validate and orchestrate, workers do the
 * I/O. Packages are features ({@code tenant}, {@code server}, {@code auth}, …); controllers and handlers are
 * package-private.
 */
package io.strata.command;
