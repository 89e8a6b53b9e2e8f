package io.strata.engine.bench;

import io.strata.engine.compression.ZstdCodec;
import io.strata.engine.crypto.AuthenticationFailedException;
import io.strata.engine.crypto.SegmentedGcm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pack path for one 1 MiB chunk of source-code-like text: zstd at the repository level, then
 * the segmented AES-GCM seal (what a backup does per new blob), and the reverse (restore, check).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PackPathBenchmark {
    @Param({"1", "3"})
    int level;
    byte[] text;
    byte[] sealedText;
    byte[] compressed;
    byte[] sealedCompressed;
    ZstdCodec zstd;
    SegmentedGcm gcm;
    byte[] out;

    @Setup
    public void setUp() throws Exception {
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(3);
        String[] words = {"static", "int", "struct", "return", "if", "else", "for", "unsigned", "long", "void",
                "const", "char", "#include", "<linux/kernel.h>", "{", "}", ";", "(", ")", "*", "->", "NULL", "err",
                "goto", "out", "spin_lock", "mutex_unlock", "kfree", "dev", "priv", "u32", "size_t", "\n", "\t"};
        while (sb.length() < 1 << 20) {
            sb.append(words[r.nextInt(words.length)]).append(r.nextInt(8) == 0 ? "\n\t" : " ");
        }
        text = sb.substring(0, 1 << 20).getBytes(StandardCharsets.US_ASCII);
        zstd = new ZstdCodec(level);
        gcm = new SegmentedGcm(new SecretKeySpec(new byte[32], "AES"), new SecureRandom());
        out = new byte[SegmentedGcm.sealedLength(text.length)];
        sealedText = gcm.seal(text);
        ZstdCodec.Compressed c = zstd.compressIfSmaller(text, 0, text.length);
        compressed = java.util.Arrays.copyOf(c.buffer(), c.length());
        sealedCompressed = gcm.seal(compressed);
    }

    @Benchmark
    public int compressAndSeal() {
        ZstdCodec.Compressed c = zstd.compressIfSmaller(text, 0, text.length);
        return gcm.seal(c.buffer(), 0, c.length(), out, 0);
    }

    @Benchmark
    public int sealOnly() {
        return gcm.seal(text, 0, text.length, out, 0);
    }

    @Benchmark
    public int openOnly() throws AuthenticationFailedException {
        return gcm.open(sealedText, 0, sealedText.length, out, 0);
    }

    @Benchmark
    public byte[] openAndDecompress() throws AuthenticationFailedException {
        byte[] plain = gcm.open(sealedCompressed);
        return ZstdCodec.decompress(plain, 0, plain.length, text.length);
    }
}
