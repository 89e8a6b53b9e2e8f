/** The backup catalogue: every run with its level, base, status, live progress, statistics and outcome. */
package io.strata.query.backup;
