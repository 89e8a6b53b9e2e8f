/**
 * Live jobs for the portal: the list of running and waiting jobs, and a server-sent event stream that pushes
 * each job whenever its state or progress changes. The stream polls the read models (one query a second per
 * open stream), so it works the same whichever node handled the events.
 */
package io.strata.query.job;
