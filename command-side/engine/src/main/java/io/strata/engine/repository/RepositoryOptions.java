package io.strata.engine.repository;

import io.strata.engine.chunker.ChunkerParameters;
import io.strata.engine.compression.ZstdCodec;
import io.strata.engine.crypto.ScryptParameters;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything injected into a repository: time, randomness, KDF cost for new password keys,
 * parameters for new repositories, and parallelism.
 *
 * @param packTarget a pack is closed once it holds this many bytes (new repositories record it in the config)
 * @param uploadThreads packs uploaded concurrently
 * @param lockStaleAfter a lock not refreshed for this long is ignored (its holder is presumed dead)
 */
public record RepositoryOptions(Clock clock, SecureRandom random, ScryptParameters scrypt, ChunkerParameters chunker,
        int packTarget, int compressionLevel, int uploadThreads, Duration lockRefresh, Duration lockStaleAfter) {

    public static RepositoryOptions defaults() {
        return new RepositoryOptions(Clock.systemUTC(), new SecureRandom(), ScryptParameters.DEFAULT,
                ChunkerParameters.DEFAULT, 16 * 1024 * 1024, ZstdCodec.DEFAULT_LEVEL, 4, Duration.ofMinutes(5),
                Duration.ofMinutes(30));
    }

    public RepositoryOptions withClock(Clock c) {
        return new RepositoryOptions(c, random, scrypt, chunker, packTarget, compressionLevel, uploadThreads,
                lockRefresh, lockStaleAfter);
    }

    public RepositoryOptions withScrypt(ScryptParameters s) {
        return new RepositoryOptions(clock, random, s, chunker, packTarget, compressionLevel, uploadThreads,
                lockRefresh, lockStaleAfter);
    }

    public RepositoryOptions withChunker(ChunkerParameters c) {
        return new RepositoryOptions(clock, random, scrypt, c, packTarget, compressionLevel, uploadThreads,
                lockRefresh, lockStaleAfter);
    }

    public RepositoryOptions withPackTarget(int bytes) {
        return new RepositoryOptions(clock, random, scrypt, chunker, bytes, compressionLevel, uploadThreads,
                lockRefresh, lockStaleAfter);
    }

    public RepositoryOptions withCompressionLevel(int level) {
        return new RepositoryOptions(clock, random, scrypt, chunker, packTarget, level, uploadThreads, lockRefresh,
                lockStaleAfter);
    }

    public RepositoryOptions withLockTimes(Duration refresh, Duration stale) {
        return new RepositoryOptions(clock, random, scrypt, chunker, packTarget, compressionLevel, uploadThreads,
                refresh, stale);
    }
}
