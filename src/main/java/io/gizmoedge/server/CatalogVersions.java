package io.gizmoedge.server;

import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.planner.PlanCache;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The catalog version queries run on, and the plans made for it. A query pins the current version
 * for its whole run; publishing the next version waits until no query holds a pin, so a query
 * never sees the shards of two versions, and queries that start later see the new one.
 */
final class CatalogVersions {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final Function<ShardManifest, PlanCache> planners;
    private volatile Version current;

    /** A catalog version and the plan cache of its tables. */
    record Version(ShardManifest manifest, PlanCache plans) {
        Version {
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(plans, "plans");
        }
    }

    /** Holds a version for one query; closing it lets the next version be published. */
    final class Pin implements AutoCloseable {
        private final Version version;

        private Pin(Version version) {
            this.version = version;
        }

        Version version() {
            return version;
        }

        @Override
        public void close() {
            lock.readLock().unlock();
        }
    }

    /** A step of publishing that runs while no query runs. */
    interface Publication {
        void run() throws Exception;
    }

    CatalogVersions(ShardManifest initial, Function<ShardManifest, PlanCache> planners) {
        this.planners = planners;
        this.current = new Version(initial, planners.apply(initial));
    }

    Pin pin() {
        lock.readLock().lock();
        return new Pin(current);
    }

    /** The latest version, without pinning it (for statements that do not read table data). */
    Version current() {
        return current;
    }

    /**
     * Runs {@code publication} while no query holds a pin, then makes {@code next} the version new
     * queries run on. When the publication fails, the current version stays.
     */
    void publish(ShardManifest next, Publication publication) throws Exception {
        PlanCache plans = planners.apply(next);
        lock.writeLock().lock();
        try {
            publication.run();
            current = new Version(next, plans);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
