package io.strata.engine.metadata;

/**
 * Major and minor numbers of a device number ({@link FileMetadata#rdev()}) as Linux encodes it (glibc's
 * {@code major()}/{@code minor()}), for whoever recreates a device with {@code mknod}.
 */
public final class DeviceNumbers {
    private DeviceNumbers() {
    }

    public static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    public static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }
}
