/**
 * Verifications: reading a backup's repository back from storage (structure only, or every blob with
 * {@code readData}) and naming every damaged object and the files it affects.
 */
package io.strata.kernel.verification;
