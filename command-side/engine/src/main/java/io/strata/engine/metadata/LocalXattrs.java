package io.strata.engine.metadata;

import io.strata.engine.codec.LosslessUtf8;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the extended attributes of a local path in every namespace the process may ({@code user.*}, POSIX
 * ACLs as {@code system.posix_acl_*}, file capabilities as {@code security.capability}, SELinux labels,
 * {@code trusted.*} for root), never following a symbolic link and never opening the entry (a FIFO does not block):
 * {@code llistxattr}, {@code lgetxattr} and {@code lsetxattr} of the C library. java.nio offers only the
 * {@code user.*} namespace, through an open file.
 *
 * <p>The calls go through the JVM's foreign function API, final since Java 22. The engine is compiled for Java 21,
 * where that API is a preview, so it is reached by reflection, once, into method handles that are then invoked
 * directly. Where it is missing (Java 21 without {@code --enable-preview}), or not on Linux, {@link #AVAILABLE} is
 * false and callers use java.nio's {@code user.*} view. The JVM must allow native access to the unnamed module
 * ({@code --enable-native-access=ALL-UNNAMED}, which the CLI and platform jars' manifests grant); otherwise it warns
 * once.
 *
 * <p>Each thread keeps its own native buffers (about 130 KiB: a path, a name, a list and a value of Linux's maximum
 * sizes), freed with the thread.
 */
public final class LocalXattrs {
    /** Whether the calls can be made here. */
    public static final boolean AVAILABLE;
    /** Linux's limits: a path, a name, a list of names, a value. */
    private static final int PATH_MAX = 4096;
    private static final int NAME_MAX = 255;
    private static final int LIST_MAX = 64 * 1024;
    private static final int VALUE_MAX = 64 * 1024;
    /** {@code (segment path, segment list, long size) -> long}, or null. */
    private static final MethodHandle LLISTXATTR;
    /** {@code (segment path, segment name, segment value, long size) -> long}, or null. */
    private static final MethodHandle LGETXATTR;
    /** {@code (segment path, segment name, segment value, long size, int flags) -> int}, or null. */
    private static final MethodHandle LSETXATTR;
    /** {@code (long size) -> segment}, native memory freed once unreachable; or null. */
    private static final MethodHandle ALLOCATE;
    /** {@code (segment) -> ByteBuffer} over the same memory; or null. */
    private static final MethodHandle AS_BYTE_BUFFER;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static {
        MethodHandle[] h = new MethodHandle[5];
        AVAILABLE = System.getProperty("os.name", "").startsWith("Linux") && bind(h);
        LLISTXATTR = h[0];
        LGETXATTR = h[1];
        LSETXATTR = h[2];
        ALLOCATE = h[3];
        AS_BYTE_BUFFER = h[4];
    }

    /** Finds the C library's calls and the memory methods through the foreign function API; false where it is missing. */
    private static boolean bind(MethodHandle[] h) {
        try {
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layout = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> option = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> allocator = Class.forName("java.lang.foreign.SegmentAllocator");
            Class<?> arena = Class.forName("java.lang.foreign.Arena");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
            Object address = valueLayout.getField("ADDRESS").get(null);
            Object jlong = valueLayout.getField("JAVA_LONG").get(null);
            Object jint = valueLayout.getField("JAVA_INT").get(null);
            Method find = lookupType.getMethod("find", String.class);
            Method describe = descriptor.getMethod("of", layout, layout.arrayType());
            Method downcall = linkerType.getMethod("downcallHandle", segment, descriptor, option.arrayType());
            Object[][] signatures = {
                    {"llistxattr", jlong, address, address, jlong},
                    {"lgetxattr", jlong, address, address, address, jlong},
                    {"lsetxattr", jint, address, address, address, jlong, jint}};
            for (int i = 0; i < signatures.length; i++) {
                Object[] sig = signatures[i];
                Object symbol = ((Optional<?>) find.invoke(libc, sig[0])).orElseThrow();
                Object arguments = Array.newInstance(layout, sig.length - 2);
                for (int a = 2; a < sig.length; a++) {
                    Array.set(arguments, a - 2, sig[a]);
                }
                MethodHandle call = (MethodHandle) downcall.invoke(linker, symbol, describe.invoke(null, sig[1], arguments),
                        Array.newInstance(option, 0));
                h[i] = call.asType(call.type().erase()); // segments typed as Object: invokable without naming them
            }
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object auto = arena.getMethod("ofAuto").invoke(null);
            MethodHandle allocate = lookup.unreflect(allocator.getMethod("allocate", long.class)).bindTo(auto);
            h[3] = allocate.asType(allocate.type().erase());
            h[4] = lookup.unreflect(segment.getMethod("asByteBuffer"))
                    .asType(MethodType.methodType(ByteBuffer.class, Object.class));
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private LocalXattrs() {
    }

    /**
     * The extended attributes of the entry at {@code path} itself, sorted by name; empty when it has none, or the file
     * system keeps none, or the entry cannot be read (gone meanwhile, say). An attribute removed between the listing
     * and its reading is left out.
     *
     * @throws IOException when {@link #AVAILABLE} is false or the path is longer than Linux allows
     */
    public static List<Xattr> read(Path path) throws IOException {
        Buffers b = buffers();
        b.putPath(path);
        long n;
        try {
            n = (long) LLISTXATTR.invokeExact(b.path, b.list, (long) LIST_MAX);
        } catch (Throwable e) {
            throw failed(path, e);
        }
        if (n <= 0) {
            return List.of();
        }
        byte[] names = new byte[(int) n];
        b.listBuffer.get(0, names);
        List<Xattr> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i] != 0) {
                continue;
            }
            if (i > from) {
                b.putName(names, from, i - from);
                long m;
                try {
                    m = (long) LGETXATTR.invokeExact(b.path, b.name, b.value, (long) VALUE_MAX);
                } catch (Throwable e) {
                    throw failed(path, e);
                }
                if (m >= 0) {
                    byte[] value = new byte[(int) m];
                    b.valueBuffer.get(0, value);
                    out.add(new Xattr(LosslessUtf8.decode(names, from, i - from), value));
                }
            }
            from = i + 1;
        }
        out.sort(Comparator.comparing(Xattr::name));
        return out;
    }

    /**
     * Sets one extended attribute on the entry at {@code path} itself (created or replaced).
     *
     * @return false when the system refused it (a namespace the process may not write, such as {@code trusted.*} or
     *     {@code security.capability} for a user that is not root; {@code user.*} on a symlink; a file system
     *     without extended attributes or with too little room for them)
     * @throws IOException when {@link #AVAILABLE} is false or the path is longer than Linux allows
     */
    public static boolean write(Path path, Xattr xattr) throws IOException {
        Buffers b = buffers();
        b.putPath(path);
        byte[] name = LosslessUtf8.encode(xattr.name());
        if (name.length == 0 || name.length > NAME_MAX || xattr.value().length > VALUE_MAX) {
            return false;
        }
        b.putName(name, 0, name.length);
        b.valueBuffer.put(0, xattr.value());
        try {
            return (int) LSETXATTR.invokeExact(b.path, b.name, b.value, (long) xattr.value().length, 0) == 0;
        } catch (Throwable e) {
            throw failed(path, e);
        }
    }

    private static Buffers buffers() throws IOException {
        if (!AVAILABLE) {
            throw new IOException("extended attributes of every namespace need Java 22 or newer on Linux");
        }
        return BUFFERS.get();
    }

    private static IOException failed(Path path, Throwable e) {
        return new IOException("extended attributes of " + path + ": " + e, e);
    }

    /** One thread's native memory for the calls, with byte-buffer views to fill and read it. */
    private static final class Buffers {
        final Object path = allocate(PATH_MAX + 1);
        final Object name = allocate(NAME_MAX + 1);
        final Object list = allocate(LIST_MAX);
        final Object value = allocate(VALUE_MAX);
        final ByteBuffer pathBuffer = view(path);
        final ByteBuffer nameBuffer = view(name);
        final ByteBuffer listBuffer = view(list);
        final ByteBuffer valueBuffer = view(value);

        /** {@code p} as the system knows it, ended by NUL. */
        void putPath(Path p) throws FileSystemException {
            byte[] bytes = FileNames.bytes(p);
            if (bytes.length > PATH_MAX) {
                throw new FileSystemException(p.toString(), null, "path longer than " + PATH_MAX + " bytes");
            }
            pathBuffer.put(0, bytes).put(bytes.length, (byte) 0);
        }

        void putName(byte[] bytes, int offset, int length) {
            nameBuffer.put(0, bytes, offset, length).put(length, (byte) 0);
        }

        private static Object allocate(long size) {
            try {
                return (Object) ALLOCATE.invokeExact(size);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot allocate native memory for extended attributes", e);
            }
        }

        private static ByteBuffer view(Object segment) {
            try {
                return (ByteBuffer) AS_BYTE_BUFFER.invokeExact(segment);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
