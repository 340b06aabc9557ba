package io.gizmoedge.cli;

import io.gizmoedge.protocol.DurationText;
import io.gizmoedge.server.ServerConfig;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The server's deadlines for queries, workers and clients (durations such as 30s, 500ms, 2m). */
final class DeadlineOptions {
    @Option(names = "--query-timeout", converter = DurationConverter.class,
            defaultValue = "${env:QUERY_TIMEOUT}",
            description = "Cancel a query that runs longer than this, such as 30s or 5m (default: none; a session may set a shorter one with .set timeout).")
    Duration queryTimeout;

    @Option(names = "--worker-heartbeat-timeout", converter = DurationConverter.class,
            defaultValue = "${env:WORKER_HEARTBEAT_TIMEOUT:-5s}",
            description = "Declare a worker lost when it answers no heartbeat for this long; its stages run again elsewhere (default: ${DEFAULT-VALUE}).")
    Duration workerHeartbeatTimeout;

    @Option(names = "--worker-ready-timeout", converter = DurationConverter.class,
            defaultValue = "${env:WORKER_READY_TIMEOUT:-5m}",
            description = "Take its shards from a worker that makes no progress loading them for this long (default: ${DEFAULT-VALUE}).")
    Duration workerReadyTimeout;

    @Option(names = "--client-write-timeout", converter = DurationConverter.class,
            defaultValue = "${env:CLIENT_WRITE_TIMEOUT:-60s}",
            description = "Disconnect a client that reads nothing of its answer for this long (default: ${DEFAULT-VALUE}).")
    Duration clientWriteTimeout;

    ServerConfig.Deadlines deadlines() {
        return new ServerConfig.Deadlines(Optional.ofNullable(queryTimeout), workerHeartbeatTimeout, workerReadyTimeout,
                clientWriteTimeout);
    }

    /** Reads durations as users write them. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return DurationText.parse(value);
        }
    }
}
