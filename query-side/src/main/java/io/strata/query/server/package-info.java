/** The server inventory read model, with the tenant's SSH public key to authorize on each server. */
package io.strata.query.server;
