/**
 * Metadata of messages sent on a caller's behalf: every command and query is stamped with the tenant, user
 * and trace id of the request, a message for another tenant than the caller's is refused before dispatch,
 * and correlation copies the stamp onto every event a command causes.
 */
package io.strata.platform.messaging;
