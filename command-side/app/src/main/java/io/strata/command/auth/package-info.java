/**
 * Signing up, logging in and refreshing. An access token (JWT, at most 15 minutes) says who the caller is;
 * a refresh token (opaque, stored hashed) buys the next pair once: each use spends it, and presenting a spent
 * one revokes its whole family, since that means it was stolen. Failed logins are throttled per account and
 * per client address; an unknown email and a wrong password get the same answer after the same work.
 */
package io.strata.command.auth;
