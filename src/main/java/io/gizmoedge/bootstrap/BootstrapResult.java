package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.ShardManifest;
import java.time.Duration;
import java.util.Objects;

/** What a bootstrap run wrote and how long it took. */
public record BootstrapResult(BootstrapLayout layout, ShardManifest manifest, Duration elapsed) {
    public BootstrapResult {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
