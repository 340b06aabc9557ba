package io.gizmoedge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine and software a benchmark ran on, for the report.
 *
 * @param cores processors available to the JVM
 * @param memoryBytes physical memory (0 when the JVM cannot tell)
 * @param cpuModel the processor's model name, when the OS tells
 * @param javaVersion the running Java's version and VM
 * @param operatingSystem OS name, version and architecture
 * @param loadAverage the system's load average over the last minute when described, negative when unknown
 *     (other work on the machine slows both sides down and makes timings noisy)
 */
public record MachineDescription(int cores, long memoryBytes, String cpuModel, String javaVersion,
        String operatingSystem, double loadAverage) {

    public MachineDescription {
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(operatingSystem, "operatingSystem");
    }

    /** This machine. */
    public static MachineDescription current() {
        return new MachineDescription(Runtime.getRuntime().availableProcessors(), physicalMemory(), readCpuModel(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Memory in GiB with one decimal, or "unknown". */
    public String memoryDescription() {
        return memoryBytes <= 0 ? "unknown"
                : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024 * 1024));
    }

    /** The load average with two decimals, or "unknown". */
    public String loadAverageDescription() {
        return loadAverage < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", loadAverage);
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private static String readCpuModel() {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuInfo)) {
            return "unknown";
        }
        try (var lines = Files.lines(cpuInfo)) {
            Optional<String> model = lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
            return model.orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
