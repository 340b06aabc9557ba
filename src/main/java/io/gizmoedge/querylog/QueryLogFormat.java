package io.gizmoedge.querylog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ServerRunCause;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An entry as one line of JSON, and back: {@code {"time":"2026-12-01T21:00:00Z","user":"scott",
 * "location":"SERVER","server_cause":"PLANNER","reason":"...","rows":3,"millis":12}}; {@code server_cause}
 * and {@code reason} are left out when they have no value. The one owner of the log's format.
 */
public final class QueryLogFormat {
    /** How the name of a query log file ends; what {@link QueryLogFiles} looks for. */
    public static final String FILE_SUFFIX = ".query-log.jsonl";

    private final ObjectMapper mapper = new ObjectMapper();

    /** The line of {@code entry}, without its line break. */
    public String line(QueryLogEntry entry) {
        ObjectNode node = mapper.createObjectNode()
                .put("time", entry.time().toString())
                .put("user", entry.user())
                .put("location", entry.location().name());
        entry.serverCause().ifPresent(cause -> node.put("server_cause", cause.name()));
        if (!entry.reason().isEmpty()) {
            node.put("reason", entry.reason());
        }
        node.put("rows", entry.rows()).put("millis", entry.millis());
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    /** The entry of {@code line}; empty when it is no entry (such as a line cut short by a killed process). */
    public Optional<QueryLogEntry> parse(String line) {
        try {
            JsonNode node = mapper.readTree(line);
            if (node == null || !node.isObject() || !node.hasNonNull("time") || !node.hasNonNull("location")) {
                return Optional.empty();
            }
            Optional<ServerRunCause> cause = node.hasNonNull("server_cause")
                    ? Optional.of(ServerRunCause.valueOf(node.get("server_cause").asText()))
                    : Optional.empty();
            return Optional.of(new QueryLogEntry(Instant.parse(node.get("time").asText()), node.path("user").asText(""),
                    ExecutionLocation.valueOf(node.get("location").asText()), cause, node.path("reason").asText(""),
                    node.path("rows").asLong(0), node.path("millis").asLong(0)));
        } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
