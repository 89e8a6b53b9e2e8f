/** The verification read model: status, blobs checked, and every problem with the files it affects. */
package io.strata.query.verification;
