package io.strata.kernel.plan;

import java.util.List;

/**
 * One thing a plan backs up. {@link SourceType#PATHS}: absolute {@code paths} and glob {@code excludes};
 * {@link SourceType#COMMAND}: a shell {@code command} whose standard output becomes the file
 * {@code fileName}. Fields of the other type are null.
 */
public record PlanSource(SourceType type, List<String> paths, List<String> excludes, String command, String fileName) {

    public PlanSource {
        paths = paths == null ? null : List.copyOf(paths);
        excludes = excludes == null ? null : List.copyOf(excludes);
    }
}
