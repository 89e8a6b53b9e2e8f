package io.strata.kernel.verification;

import java.time.Instant;
import java.util.List;

/** A verification as API.md shows it ({@code GET /api/v1/verifications/{id}}). */
public record VerificationView(String verificationId, String backupId, boolean readData, String status,
                               long chunksChecked, List<IntegrityProblem> errors, String failureCode,
                               Instant requestedAt, Instant finishedAt) {
}
