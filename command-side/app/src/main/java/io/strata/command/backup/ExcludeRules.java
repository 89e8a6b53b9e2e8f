package io.strata.command.backup;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.function.Predicate;

/**
 * A plan source's exclude globs as the engine's exclude predicate. A pattern with a '/' matches the whole
 * absolute path ({@code /var/cache/**}, {@code **}{@code /node_modules}); one without matches the entry's
 * name wherever it is ({@code *.tmp}), as restic's patterns do.
 */
final class ExcludeRules implements Predicate<String> {

    private final List<PathMatcher> wholePath;
    private final List<PathMatcher> name;

    ExcludeRules(List<String> globs) {
        FileSystem fs = FileSystems.getDefault();
        this.wholePath = globs.stream().filter(g -> g.contains("/")).map(g -> fs.getPathMatcher("glob:" + g)).toList();
        this.name = globs.stream().filter(g -> !g.contains("/")).map(g -> fs.getPathMatcher("glob:" + g)).toList();
    }

    @Override
    public boolean test(String absolutePath) {
        Path path = Path.of(absolutePath);
        for (PathMatcher matcher : wholePath) {
            if (matcher.matches(path)) {
                return true;
            }
        }
        Path fileName = path.getFileName();
        if (fileName != null) {
            for (PathMatcher matcher : name) {
                if (matcher.matches(fileName)) {
                    return true;
                }
            }
        }
        return false;
    }
}
