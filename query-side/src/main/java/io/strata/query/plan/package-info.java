/** The plan read model, and plans' next runs computed from their schedules at the time of asking. */
package io.strata.query.plan;
