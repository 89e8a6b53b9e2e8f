/**
 * The {@link io.strata.platform.caller.Caller}: the user, tenant and role a request was authenticated as. Code
 * that acts for a caller takes the tenant from here, never from the request body or URL.
 */
package io.strata.platform.caller;
