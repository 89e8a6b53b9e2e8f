package io.strata.command.backup;

import io.strata.command.plan.ExcludeGlob;
import java.util.List;
import java.util.function.Predicate;

/**
 * A plan source's exclude globs as the engine's exclude predicate. A pattern with a '/' matches the whole
 * absolute path ({@code /var/cache/**}, {@code **}{@code /node_modules}); one without matches the entry's
 * name wherever it is ({@code *.tmp}), as restic's patterns do. Matched as text ({@link ExcludeGlob}), so a name that
 * is not UTF-8 on its server is matched like any other.
 */
final class ExcludeRules implements Predicate<String> {

    private final List<ExcludeGlob> wholePath;
    private final List<ExcludeGlob> name;

    ExcludeRules(List<String> globs) {
        this.wholePath = globs.stream().filter(g -> g.contains("/")).map(ExcludeGlob::compile).toList();
        this.name = globs.stream().filter(g -> !g.contains("/")).map(ExcludeGlob::compile).toList();
    }

    @Override
    public boolean test(String absolutePath) {
        for (ExcludeGlob glob : wholePath) {
            if (glob.matches(absolutePath)) {
                return true;
            }
        }
        String fileName = absolutePath.substring(absolutePath.lastIndexOf('/') + 1);
        if (!fileName.isEmpty()) {
            for (ExcludeGlob glob : name) {
                if (glob.matches(fileName)) {
                    return true;
                }
            }
        }
        return false;
    }
}
