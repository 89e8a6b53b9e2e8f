/**
 * The disaster-recovery command line, {@code java -jar strata-engine.jar}: with the storage and a
 * password or key file it initialises, backs up, lists, restores, checks and collects garbage
 * without the platform. Exit codes are listed in {@link io.strata.engine.cli.ExitCodes}.
 */
package io.strata.engine.cli;
