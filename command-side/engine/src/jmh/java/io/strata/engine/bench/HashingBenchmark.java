package io.strata.engine.bench;

import io.strata.engine.crypto.Sha256;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

/** SHA-256 (the blob id) through the JDK, per chunk size. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashingBenchmark {
    @Param({"16384", "1048576"})
    int size;
    byte[] data;

    @Setup
    public void setUp() {
        data = new byte[size];
        new Random(2).nextBytes(data);
    }

    @Benchmark
    public byte[] sha256() {
        return Sha256.hash(data);
    }
}
