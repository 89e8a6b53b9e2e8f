/**
 * The edge's security rules, the same in every deployment: stateless bearer-token authentication, anonymous
 * access only to signup, login, refresh and health; reads for every member; writes for every role but
 * AUDITOR; stricter rules per route with {@code @PreAuthorize}. Refusals are problem documents.
 */
package io.strata.platform.security;
