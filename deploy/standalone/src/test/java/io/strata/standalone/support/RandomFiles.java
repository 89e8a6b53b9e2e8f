package io.strata.standalone.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Files of random bytes, which neither compress nor deduplicate: runs over them last long enough to be
 * cancelled, cut or killed midway. The same seed gives the same bytes.
 */
public final class RandomFiles {
    private RandomFiles() {
    }

    /** Writes {@code files} files of {@code bytes} each under {@code dir}, file i at {@code name.apply(i)}; answers dir. */
    public static Path write(Path dir, int files, int bytes, long seed, IntFunction<String> name) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[Math.min(bytes, 1 << 20)];
        for (int i = 0; i < files; i++) {
            Path file = dir.resolve(name.apply(i));
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int left = bytes; left > 0; left -= block.length) {
                    random.nextBytes(block);
                    out.write(block, 0, Math.min(left, block.length));
                }
            }
        }
        return dir;
    }
}
