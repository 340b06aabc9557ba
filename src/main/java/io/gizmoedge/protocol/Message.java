package io.gizmoedge.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every JSON control message of the wire protocol (text frames). The {@code type} property names
 * the message; docs/protocol.md describes each one. Arrow data and shard file bytes travel in
 * binary frames ({@link BinaryFrame}) tagged with the request or transfer id of these messages.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Message.Query.class, name = "query"),
    @JsonSubTypes.Type(value = Message.QueryComplete.class, name = "query_complete"),
    @JsonSubTypes.Type(value = Message.QueryFailed.class, name = "query_failed"),
    @JsonSubTypes.Type(value = Message.CancelQuery.class, name = "cancel_query"),
    @JsonSubTypes.Type(value = Message.Import.class, name = "import"),
    @JsonSubTypes.Type(value = Message.ImportReady.class, name = "import_ready"),
    @JsonSubTypes.Type(value = Message.ImportEnd.class, name = "import_end"),
    @JsonSubTypes.Type(value = Message.ImportCancel.class, name = "import_cancel"),
    @JsonSubTypes.Type(value = Message.WorkerHello.class, name = "worker_hello"),
    @JsonSubTypes.Type(value = Message.WorkerHeartbeat.class, name = "worker_heartbeat"),
    @JsonSubTypes.Type(value = Message.AssignShards.class, name = "assign_shards"),
    @JsonSubTypes.Type(value = Message.FetchFile.class, name = "fetch_file"),
    @JsonSubTypes.Type(value = Message.FileComplete.class, name = "file_complete"),
    @JsonSubTypes.Type(value = Message.FileFailed.class, name = "file_failed"),
    @JsonSubTypes.Type(value = Message.ShardsReady.class, name = "shards_ready"),
    @JsonSubTypes.Type(value = Message.ShardsFailed.class, name = "shards_failed"),
    @JsonSubTypes.Type(value = Message.RunStage.class, name = "run_stage"),
    @JsonSubTypes.Type(value = Message.StageComplete.class, name = "stage_complete"),
    @JsonSubTypes.Type(value = Message.StageFailed.class, name = "stage_failed"),
    @JsonSubTypes.Type(value = Message.CancelStage.class, name = "cancel_stage"),
    @JsonSubTypes.Type(value = Message.ProtocolError.class, name = "protocol_error"),
    @JsonSubTypes.Type(value = Message.PeerSecret.class, name = "peer_secret"),
    @JsonSubTypes.Type(value = Message.PeerFlush.class, name = "peer_flush"),
    @JsonSubTypes.Type(value = Message.PeerFlushed.class, name = "peer_flushed"),
})
public sealed interface Message {

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static long requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    // ---- client <-> server --------------------------------------------------------------

    /** Client → server: run one statement. Answered by Arrow frames, then QueryComplete or QueryFailed. */
    record Query(long requestId, String sql, QueryOptions options) implements Message {
        public Query {
            requirePositive(requestId, "requestId");
            requireText(sql, "sql");
            options = options == null ? QueryOptions.DEFAULT : options;
        }
    }

    /**
     * Client → server: stop the running statement of {@code requestId}; it answers QueryFailed
     * ({@code query cancelled}). A request that is not running (finished, or not yet started)
     * is ignored.
     */
    record CancelQuery(long requestId) implements Message {
        public CancelQuery {
            requirePositive(requestId, "requestId");
        }
    }

    /** Server → client: every Arrow frame of the request has been sent. */
    record QueryComplete(long requestId, ExecutionSummary summary) implements Message {
        public QueryComplete {
            requirePositive(requestId, "requestId");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /** Server → client: the statement failed; {@code message} is one line for the user. */
    record QueryFailed(long requestId, String message) implements Message {
        public QueryFailed {
            requireText(message, "message");
        }
    }

    /**
     * Client → server: append rows the client sends to {@code table}, creating it with
     * {@code placement} (the text of a placement clause, such as {@code DISTRIBUTED BY (id)}) when
     * one is given. Answered by ImportReady or QueryFailed; after ImportReady the client sends
     * ARROW frames with this request id, then ImportEnd (or ImportCancel). The import's last
     * answer, as for a query, is Arrow frames and QueryComplete, or QueryFailed.
     */
    record Import(long requestId, String table, String placement) implements Message {
        public Import {
            requirePositive(requestId, "requestId");
            requireText(table, "table");
            placement = placement == null || placement.isBlank() ? null : placement;
        }
    }

    /** Server → client: send the rows of the import, in ARROW frames of at most {@code maxMessageBytes}. */
    record ImportReady(long requestId, long maxMessageBytes) implements Message {
        public ImportReady {
            requirePositive(requestId, "requestId");
            requirePositive(maxMessageBytes, "maxMessageBytes");
        }
    }

    /** Client → server: every ARROW frame of the import was sent, {@code rowCount} rows in all. */
    record ImportEnd(long requestId, long rowCount) implements Message {
        public ImportEnd {
            requirePositive(requestId, "requestId");
            if (rowCount < 0) {
                throw new IllegalArgumentException("rowCount must not be negative");
            }
        }
    }

    /**
     * Client → server: the import stops here and changes nothing ({@code message} says why: a file
     * could not be read, or the server's QueryFailed arrived while frames were being sent).
     */
    record ImportCancel(long requestId, String message) implements Message {
        public ImportCancel {
            requirePositive(requestId, "requestId");
            requireText(message, "message");
        }
    }

    // ---- worker <-> server --------------------------------------------------------------

    /**
     * Worker → server, first message: who it is and which shard files (sha-256) its cache holds;
     * {@code peer}, when the worker was started with {@code --advertise-address}, where other workers
     * can send it rows directly (null otherwise, and in a message without the field).
     */
    record WorkerHello(String workerName, List<String> cachedFiles, int threads, PeerEndpoint peer) implements Message {
        public WorkerHello {
            requireText(workerName, "workerName");
            cachedFiles = List.copyOf(cachedFiles == null ? List.of() : cachedFiles);
        }

        /** A worker that takes rows only through the server. */
        public WorkerHello(String workerName, List<String> cachedFiles, int threads) {
            this(workerName, cachedFiles, threads, null);
        }
    }

    /**
     * Server → worker that advertised a {@link PeerEndpoint}: the secret every worker presents when it
     * connects to another's endpoint, and checks on the connections to its own (one per server start).
     */
    record PeerSecret(String secret) implements Message {
        public PeerSecret {
            requireText(secret, "secret");
        }

        @Override
        public String toString() {
            return "PeerSecret[secret=<hidden>]";
        }
    }

    /**
     * Worker → worker, on a connection to a {@link PeerEndpoint}, after STAGE_INPUT frames: answer
     * once every frame sent before this message is held by its stage.
     */
    record PeerFlush(long flushId) implements Message {
        public PeerFlush {
            requirePositive(flushId, "flushId");
        }
    }

    /** Worker → worker: the answer to {@link PeerFlush} {@code flushId}. */
    record PeerFlushed(long flushId) implements Message {
        public PeerFlushed {
            requirePositive(flushId, "flushId");
        }
    }

    /**
     * Worker → server, every few seconds while connected: how the worker is doing.
     * {@code duckdbMemoryBytes} is the memory its DuckDB's buffer manager holds now (the sum over
     * {@code duckdb_memory()}), or null when the worker could not measure it; a message without the
     * field reads as null.
     */
    record WorkerHeartbeat(Long duckdbMemoryBytes) implements Message {
        public WorkerHeartbeat {
            if (duckdbMemoryBytes != null && duckdbMemoryBytes < 0) {
                throw new IllegalArgumentException("duckdbMemoryBytes must not be negative");
            }
        }
    }

    /**
     * Server → worker: every table of the catalog version (the worker creates each, with the rows
     * of its bundles' files) and the complete set of bundles the worker must serve from now on
     * (always including the replicated bundle). {@code catalogFiles} is the sha-256 of every file the
     * catalog version lists, on any worker: a cached file outside it is no longer needed by anyone.
     * Answered by ShardsReady with the same generation.
     */
    record AssignShards(long generation, List<io.gizmoedge.catalog.TableDefinition> tables, List<ShardBundle> bundles,
            Set<String> catalogFiles) implements Message {
        public AssignShards {
            requirePositive(generation, "generation");
            tables = List.copyOf(tables == null ? List.of() : tables);
            bundles = List.copyOf(bundles);
            if (catalogFiles == null) {
                throw new IllegalArgumentException("catalogFiles is required");
            }
            catalogFiles = Set.copyOf(catalogFiles);
            for (ShardBundle bundle : bundles) {
                for (ShardFile file : bundle.files()) {
                    if (!catalogFiles.contains(file.sha256())) {
                        throw new IllegalArgumentException("file " + file.sha256() + " of bundle " + bundle.id()
                                + " is not among catalogFiles");
                    }
                }
            }
        }
    }

    /** Worker → server: send the bytes of the file with this sha-256, tagged with transferId. */
    record FetchFile(long transferId, String sha256) implements Message {
        public FetchFile {
            requirePositive(transferId, "transferId");
            requireText(sha256, "sha256");
        }
    }

    /** Server → worker: all chunks of the transfer were sent. */
    record FileComplete(long transferId, long sizeBytes) implements Message {
        public FileComplete {
            requirePositive(transferId, "transferId");
        }
    }

    /** Server → worker: the file cannot be sent. */
    record FileFailed(long transferId, String message) implements Message {
        public FileFailed {
            requireText(message, "message");
        }
    }

    /** Worker → server: the shards of this generation are verified and loaded. */
    record ShardsReady(long generation, List<Integer> shardIds) implements Message {
        public ShardsReady {
            requirePositive(generation, "generation");
            shardIds = List.copyOf(shardIds);
        }
    }

    /** Worker → server: the assignment of this generation could not be loaded. */
    record ShardsFailed(long generation, String message) implements Message {
        public ShardsFailed {
            requireText(message, "message");
        }
    }

    /**
     * Server → worker: run this SQL over the shards of assignment {@code generation} and stream the
     * result as Arrow frames. A worker whose loaded shards belong to another generation refuses,
     * so an answer never covers a different set of shards than the server planned for. The tables
     * named in {@code inputs} arrived before this message as STAGE_INPUT frames with the same
     * request id; the worker registers them as temporary tables before running the SQL.
     *
     * <p>With {@code partitions} above 0 the worker divides its rows among that many workers by
     * {@code hash(partitionBy...) % partitions} and sends each part's rows as ARROW_PART frames
     * carrying the part's number; with 0 ({@code partitionBy} empty) its rows go as ARROW frames.
     */
    record RunStage(long requestId, long generation, String sql, List<String> inputs, List<String> partitionBy,
            int partitions, List<PeerTarget> peerTargets) implements Message {
        public RunStage {
            requirePositive(requestId, "requestId");
            requirePositive(generation, "generation");
            requireText(sql, "sql");
            inputs = List.copyOf(inputs == null ? List.of() : inputs);
            partitionBy = List.copyOf(partitionBy == null ? List.of() : partitionBy);
            peerTargets = List.copyOf(peerTargets == null ? List.of() : peerTargets);
            if (partitions < 0 || partitionBy.isEmpty() != (partitions == 0)) {
                throw new IllegalArgumentException("a stage divided into " + partitions + " parts by "
                        + partitionBy.size() + " keys");
            }
            for (PeerTarget target : peerTargets) {
                if (target.part() >= partitions) {
                    throw new IllegalArgumentException("a target for part " + target.part() + " of " + partitions);
                }
            }
        }

        /** A divided stage whose parts all go through the server. */
        public RunStage(long requestId, long generation, String sql, List<String> inputs, List<String> partitionBy,
                int partitions) {
            this(requestId, generation, sql, inputs, partitionBy, partitions, List.of());
        }

        /** A stage whose rows go whole to the server. */
        public RunStage(long requestId, long generation, String sql, List<String> inputs) {
            this(requestId, generation, sql, inputs, List.of(), 0);
        }
    }

    /**
     * Where a divided stage sends one part of its rows directly: to the worker at {@code peer}, as
     * STAGE_INPUT frames of its reserved stage {@code requestId} named {@code input}. A part without
     * a target, or whose worker cannot be reached before its first row, goes through the server.
     */
    record PeerTarget(int part, PeerEndpoint peer, long requestId, String input) {
        public PeerTarget {
            if (part < 0) {
                throw new IllegalArgumentException("part must not be negative");
            }
            Objects.requireNonNull(peer, "peer");
            requirePositive(requestId, "requestId");
            requireText(input, "input");
        }
    }

    /** Worker → server: every Arrow frame of the stage has been sent. */
    record StageComplete(long requestId, long rowCount) implements Message {
        public StageComplete {
            requirePositive(requestId, "requestId");
        }
    }

    /**
     * Worker → server: the stage failed. {@code retryable} when the failure is not the query's
     * (the worker no longer serves the stage's generation): the server runs it again elsewhere.
     * {@code unreachablePeer}, when set, names the {@link PeerEndpoint} the worker lost while it sent
     * rows there directly: the run is tried again, and the worker itself still serves its shards.
     */
    record StageFailed(long requestId, String message, boolean retryable, String unreachablePeer) implements Message {
        public StageFailed {
            requireText(message, "message");
        }

        /** A failure that names no other worker. */
        public StageFailed(long requestId, String message, boolean retryable) {
            this(requestId, message, retryable, null);
        }
    }

    /**
     * Server → worker: stop the stage of {@code requestId} (its query was cancelled, failed or timed
     * out, or another worker of it was lost): the worker interrupts DuckDB and drops the stage's
     * inputs. The server expects no further answer for that request.
     */
    record CancelStage(long requestId) implements Message {
        public CancelStage {
            requirePositive(requestId, "requestId");
        }
    }

    /** Either direction: the peer sent something this side cannot understand. */
    record ProtocolError(String message) implements Message {
        public ProtocolError {
            requireText(message, "message");
        }
    }
}
