/** Names on the network: DNS host names as tenants' domains and servers' addresses use them. */
package io.strata.kernel.network;
