package io.gizmoedge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The CPU time (user + system) of this process's children that have ended and been waited for, from
 * Linux's {@code /proc/self/stat} (fields 16 and 17, cutime and cstime, in clock ticks of 1/100 s). The
 * difference across one child's run is that child's CPU time: a figure the machine's other load
 * changes far less than wall time. Empty where there is no such file.
 */
final class ChildCpuTime {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final double TICKS_PER_SECOND = 100;

    private ChildCpuTime() {
    }

    static OptionalDouble seconds() {
        try {
            return OptionalDouble.of(parse(Files.readString(STAT, StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** Children's user + system seconds from one line of {@code /proc/<pid>/stat}. */
    static double parse(String stat) {
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        long cutime = Long.parseLong(fields[16 - 3]);
        long cstime = Long.parseLong(fields[17 - 3]);
        return (cutime + cstime) / TICKS_PER_SECOND;
    }
}
