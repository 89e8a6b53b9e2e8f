package io.strata.engine.bench;

import io.strata.engine.chunker.ChunkerParameters;
import io.strata.engine.chunker.FastCdc;
import io.strata.engine.chunker.GearTable;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** FastCDC over 64 MiB of random data with the default parameters; throughput = 64 MiB / score. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkerBenchmark {
    byte[] data;
    FastCdc cdc;

    @Setup
    public void setUp() {
        data = new byte[64 * 1024 * 1024];
        new Random(1).nextBytes(data);
        cdc = new FastCdc(new GearTable(new byte[32]), ChunkerParameters.DEFAULT);
    }

    /** Cuts all chunks of 64 MiB (scanning only past each chunk's minimum, as FastCDC does). */
    @Benchmark
    public int chunk64MiB() {
        int pos = 0;
        int chunks = 0;
        while (pos < data.length) {
            pos += cdc.cut(data, pos, data.length - pos);
            chunks++;
        }
        return chunks;
    }

    /** Gear-hashes every byte: the chunker's cost if no minimum were skipped (min = 64 bytes). */
    @Benchmark
    public int chunk64MiBNoSkip() {
        FastCdc every = new FastCdc(new GearTable(new byte[32]), new ChunkerParameters(64, 1 << 20, 8 << 20));
        int pos = 0;
        int chunks = 0;
        while (pos < data.length) {
            pos += every.cut(data, pos, data.length - pos);
            chunks++;
        }
        return chunks;
    }
}
