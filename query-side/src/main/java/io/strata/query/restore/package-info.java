/** The restore read model: each restore's status, statistics and the files that could not be restored. */
package io.strata.query.restore;
