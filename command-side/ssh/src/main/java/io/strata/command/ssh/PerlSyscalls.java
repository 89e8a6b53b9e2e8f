package io.strata.command.ssh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Linux system call numbers for the perl scripts that make calls the SFTP protocol lacks on a server
 * ({@link RemoteMetadata}, {@link XattrLoop}) through perl's {@code syscall}: one table for both, for the 64-bit
 * architectures whose numbers are known here ({@code uname -m}'s names), read from the kernel's syscall tables
 * ({@code arch/x86/entry/syscalls/syscall_64.tbl}, {@code include/uapi/asm-generic/unistd.h} for aarch64, riscv64 and
 * loongarch64, {@code arch/powerpc/kernel/syscalls/syscall.tbl}, {@code arch/s390/kernel/syscalls/syscall.tbl}).
 */
final class PerlSyscalls {
    /** Calls in the order of each architecture's numbers below. */
    private static final List<String> CALLS = List.of("utimensat", "lsetxattr", "fchownat", "llistxattr", "lgetxattr");
    private static final Map<String, int[]> NUMBERS = new LinkedHashMap<>();

    static {
        int[] generic = {88, 6, 54, 12, 9};
        NUMBERS.put("x86_64", new int[] {280, 189, 260, 195, 192});
        NUMBERS.put("aarch64", generic);
        NUMBERS.put("riscv64", generic);
        NUMBERS.put("loongarch64", generic);
        int[] powerpc = {304, 210, 289, 216, 213};
        NUMBERS.put("ppc64", powerpc);
        NUMBERS.put("ppc64le", powerpc);
        NUMBERS.put("s390x", new int[] {315, 225, 291, 231, 228});
    }

    private PerlSyscalls() {
    }

    /**
     * A perl statement declaring {@code %nr}: for each known architecture, the numbers of {@code calls} in that order,
     * so that a script takes {@code $nr{ARCH}->[i]} for the i-th.
     */
    static String table(String... calls) {
        return "my %nr = (" + NUMBERS.entrySet().stream().map(e -> {
            StringBuilder numbers = new StringBuilder();
            for (String call : calls) {
                int i = CALLS.indexOf(call);
                if (i < 0) {
                    throw new IllegalArgumentException("no system call number known for " + call);
                }
                numbers.append(numbers.isEmpty() ? "" : ", ").append(e.getValue()[i]);
            }
            return e.getKey() + " => [" + numbers + "]";
        }).collect(Collectors.joining(", ")) + ");";
    }
}
