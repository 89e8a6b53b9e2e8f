package io.strata.engine.metadata;

/**
 * Major and minor numbers of a device number ({@link FileMetadata#rdev()}) as Linux encodes it (glibc's
 * {@code major()}/{@code minor()}), for whoever recreates a device with {@code mknod}.
 */
public final class DeviceNumbers {
    private DeviceNumbers() {
    }

    /** The device number of {@code major} and {@code minor} (glibc's {@code makedev()}). */
    public static long of(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    public static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    public static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & 0xffff_ff00L); // bits 20-43: above them lie the major's high bits
    }
}
