package io.gizmoedge.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a long-running node (server or worker) hand Java heap back to the system once it is idle.
 * G1 grows the heap under load and, by default, shrinks it only after a full collection, which an
 * idle process never does: a node that served a burst of queries kept its peak size for ever. A
 * periodic collection while idle (JEP 346) returns what the heap does not need. The flag is
 * manageable, so it is set here rather than on every command line; a value given with
 * {@code -XX:G1PeriodicGCInterval} wins.
 */
final class IdleHeapRelease {
    private static final Logger LOG = LoggerFactory.getLogger(IdleHeapRelease.class);
    private static final String INTERVAL_FLAG = "G1PeriodicGCInterval";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    private IdleHeapRelease() {
    }

    /** Collects after {@code interval} without a collection, when G1 is the collector and the flag was not set. */
    static void enable(Duration interval) {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot == null || !"true".equals(hotSpot.getVMOption("UseG1GC").getValue())
                    || hotSpot.getVMOption(INTERVAL_FLAG).getOrigin() != VMOption.Origin.DEFAULT) {
                return;
            }
            hotSpot.setVMOption(INTERVAL_FLAG, String.valueOf(interval.toMillis()));
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("the heap is not released while idle: {}", e.getMessage());
        }
    }
}
