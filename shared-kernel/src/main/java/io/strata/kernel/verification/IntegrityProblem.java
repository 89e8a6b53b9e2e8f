package io.strata.kernel.verification;

import java.util.List;

/** A damaged object of the repository, why it is damaged, and the backup files that need it. */
public record IntegrityProblem(String object, String reason, List<String> affectedFiles) {

    public IntegrityProblem {
        affectedFiles = List.copyOf(affectedFiles);
    }
}
