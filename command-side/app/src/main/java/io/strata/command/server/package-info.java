/**
 * The {@link io.strata.command.server.Server} aggregate and registering servers: SSH servers by host, port and
 * user; LOCAL servers by a directory on the platform host, accepted only under the roots the operator lists.
 */
package io.strata.command.server;
