package io.gizmoedge.demo;

import java.nio.file.Path;
import java.util.Objects;

/** The files a local cluster is started from (what bootstrap wrote). */
public record ClusterFiles(Path userList, Path database, Path manifest, Path tlsCertificate, Path tlsKey) {
    public ClusterFiles {
        Objects.requireNonNull(userList, "userList");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(tlsCertificate, "tlsCertificate");
        Objects.requireNonNull(tlsKey, "tlsKey");
    }
}
