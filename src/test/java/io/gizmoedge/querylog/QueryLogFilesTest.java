package io.gizmoedge.querylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.ServerRunCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryLogFilesTest {
    private static final Instant START = Instant.parse("2026-12-01T21:00:00Z");

    @TempDir
    Path root;

    @Test
    void anEntryRoundTripsWithoutItsStatementText() {
        QueryLogFormat format = new QueryLogFormat();
        QueryLogEntry entry = QueryLogEntry.of(START, "scott", new ExecutionSummary(ExecutionLocation.SERVER, 0, 0,
                "distributed = false", 3, 12, 2, 0, ServerRunCause.USER_CHOICE));
        String line = format.line(entry);
        assertThat(line).isEqualTo("{\"time\":\"2026-12-01T21:00:00Z\",\"user\":\"scott\",\"location\":\"SERVER\","
                + "\"server_cause\":\"USER_CHOICE\",\"reason\":\"distributed = false\",\"rows\":3,\"millis\":12}");
        assertThat(format.parse(line)).contains(entry);
        assertThat(format.parse("{\"time\":\"2026-12-01T21:0")).isEmpty();
    }

    @Test
    void theReasonOfAStatementTheWorkersRanIsNotLogged() {
        QueryLogEntry entry = QueryLogEntry.of(START, "scott", new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4,
                "ran again after worker-1 was lost", 3, 12, 2, 0));
        assertThat(entry.serverCause()).isEmpty();
        assertThat(entry.reason()).isEmpty();
    }

    @Test
    void aStatementOnTheServerMustSayWhy() {
        assertThatThrownBy(() -> new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, "why", 1, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 1, 1, 0, 0,
                ServerRunCause.PLANNER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsEveryLogUnderTheRootWrittenSinceTheStartAndCountsCutLines() throws Exception {
        QueryLogWriter current = new QueryLogWriter(root.resolve("cluster-a/server" + QueryLogFormat.FILE_SUFFIX));
        current.append(entry(START.minusSeconds(5))); // an earlier run's, in a file this run appends to
        current.append(entry(START.plusSeconds(1)));
        current.append(entry(START.plusSeconds(2)));
        Files.writeString(current.file(), "{\"time\":\"2026-12-01T21:00:03Z\",\"us", StandardOpenOption.APPEND);
        QueryLogWriter earlier = new QueryLogWriter(root.resolve("cluster-b/server" + QueryLogFormat.FILE_SUFFIX));
        earlier.append(entry(START.plusSeconds(3)));
        Files.setLastModifiedTime(earlier.file(), FileTime.from(START.minusSeconds(60)));
        Files.writeString(root.resolve("server.log"), current.file().toString());

        QueryLogFiles.Entries read = new QueryLogFiles().readSince(root, START);

        assertThat(read.entries()).extracting(QueryLogEntry::time).containsExactly(START.plusSeconds(1), START.plusSeconds(2));
        assertThat(read.unreadableLines()).isEqualTo(1);
        assertThat(new QueryLogFiles().readSince(root.resolve("missing"), START).entries()).isEmpty();
    }

    private static QueryLogEntry entry(Instant time) {
        return new QueryLogEntry(time, "scott", ExecutionLocation.DISTRIBUTED, Optional.empty(), "", 1, 2);
    }
}
