/** The tenant profile read model: name, slug, domains with their status, and the SSH public key. */
package io.strata.query.tenant;
