import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the tree the CLI's AOT cache is trained on (see train.sh): 5,000 text-like files of 150 bytes to 100 KB
 * (94 MB) in 200 directories, two files of each holding one same text, so that a backup of it runs every step a
 * backup of a server's files does (listing, chunking, hashing, compressing, sealing, deduplicating, tree and index
 * writing) often enough for the JIT to profile them. Deterministic: the same tree on every build.
 *
 * <p>Usage: {@code java TrainingTree.java DIR} (DIR must not exist).
 */
public final class TrainingTree {
    private static final String[] WORDS = ("static int void return struct const unsigned long char if else for while "
            + "break case switch default sizeof goto include define endif ifdef error null true false data buffer "
            + "length offset count index value result status device driver kernel module config lock unlock read "
            + "write open close alloc free init exit probe remove").split(" ");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java TrainingTree.java DIR");
        }
        Path root = Path.of(args[0]);
        Files.createDirectory(root);
        SplittableRandom random = new SplittableRandom(20261128);
        byte[] shared = text(random, 40_000);
        int files = 0;
        for (int d = 0; d < 200; d++) {
            Path dir = root.resolve("d" + (d % 20)).resolve("sub" + d);
            Files.createDirectories(dir);
            for (int f = 0; f < 25; f++) {
                int size = (int) Math.exp(5 + random.nextDouble() * 6.5);
                byte[] content = f % 10 == 9 ? shared : text(random, size);
                Files.write(dir.resolve("f" + f + ".c"), content);
                files++;
            }
        }
        System.out.println("wrote " + files + " files under " + root);
    }

    private static byte[] text(SplittableRandom random, int size) {
        StringBuilder out = new StringBuilder(size + 16);
        while (out.length() < size) {
            out.append(WORDS[random.nextInt(WORDS.length)]);
            boolean endOfStatement = random.nextInt(8) == 0;
            out.append(endOfStatement ? ";\n" : random.nextInt(3) == 0 ? "(" + random.nextInt(4096) + ") " : " ");
        }
        out.setLength(size);
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
