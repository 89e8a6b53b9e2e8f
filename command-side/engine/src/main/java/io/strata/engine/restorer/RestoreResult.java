package io.strata.engine.restorer;

import io.strata.engine.metadata.WriteRefusal;
import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param filesRestored regular files written (hard links included)
 * @param bytesRestored their bytes
 * @param filesVerified files whose content matched the recorded SHA-256
 * @param failed paths not restored, with the reason (naming the damaged object where one is at fault)
 * @param targetRefused null, or why the target refused every further write (no room left: a full disk, a used-up
 *     quota; or a read-only file system): the restore stopped there, and files it had not begun were neither
 *     written nor listed in {@code failed}
 */
public record RestoreResult(long filesRestored, long bytesRestored, long filesVerified, long directories,
        long otherEntries, List<FailedFile> failed, Refusal targetRefused, Duration duration) {
    /** Why the target refused every further write, and the system's message. */
    public record Refusal(WriteRefusal reason, String message) {
    }

    public boolean success() {
        return failed.isEmpty() && targetRefused == null;
    }
}
