package io.gizmoedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {
    private static final String OTHER = "b".repeat(64);
    private static final ShardFile FILE = new ShardFile("events", "files/a.parquet", 10, "a".repeat(64));
    private static final PeerEndpoint PEER = new PeerEndpoint("127.0.0.1", 4000, "c".repeat(64));
    private final MessageCodec codec = new MessageCodec();

    @Test
    void messagesRoundTrip() throws Exception {
        List<Message> messages = List.of(
                new Message.Query(7, "SELECT 1", new QueryOptions(DistributedMode.FORCE, false)),
                new Message.QueryComplete(7, new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, "why", 3, 12, 2, 0,
                        ServerRunCause.PLANNER)),
                new Message.QueryFailed(7, "bad"),
                new Message.WorkerHello("w", List.of("ab"), 2),
                new Message.WorkerHeartbeat(123_456_789L),
                new Message.WorkerHeartbeat(null),
                new Message.RunStage(3, 9, "SELECT 2", List.of("gizmo_stage_1")),
                new Message.RunStage(4, 9, "SELECT 3 AS x0", List.of(), List.of("CAST(\"x0\" AS BIGINT)"), 3),
                new Message.StageComplete(3, 10),
                new Message.ShardsReady(9, List.of(0, 2)),
                new Message.AssignShards(9, List.of(), List.of(new ShardBundle(0, List.of(FILE))), Set.of(FILE.sha256(), OTHER)),
                new Message.Import(8, "events", "DISTRIBUTED BY (user_id)"),
                new Message.Import(8, "events", null),
                new Message.ImportReady(8, 16 * 1024 * 1024),
                new Message.ImportEnd(8, 0),
                new Message.ImportCancel(8, "cannot read 'a.parquet'"),
                new Message.WorkerHello("w", List.of(), 2, PEER),
                new Message.PeerSecret("s3cret"),
                new Message.PeerFlush(5),
                new Message.PeerFlushed(5),
                new Message.RunStage(4, 9, "SELECT 3 AS x0", List.of(), List.of("\"x0\""), 2,
                        List.of(new Message.PeerTarget(1, PEER, 12, "repartition_1"))),
                new Message.StageFailed(4, "lost the worker at 127.0.0.1:4000", false, PEER.address()));
        for (Message message : messages) {
            assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
        }
        assertThat(codec.encode(messages.get(0))).contains("\"type\":\"query\"");
        assertThat(codec.decode("{\"type\":\"import\",\"requestId\":2,\"table\":\"t\",\"placement\":\" \"}"))
                .isEqualTo(new Message.Import(2, "t", null));
        assertThat(codec.encode(new Message.WorkerHeartbeat(42L)))
                .contains("\"type\":\"worker_heartbeat\"").contains("\"duckdbMemoryBytes\":42");
        // a heartbeat without the optional figure, and one with a field this side does not know, are read
        assertThat(codec.decode("{\"type\":\"worker_heartbeat\"}")).isEqualTo(new Message.WorkerHeartbeat(null));
        assertThat(codec.decode("{\"type\":\"worker_heartbeat\",\"duckdbMemoryBytes\":7,\"later\":1}"))
                .isEqualTo(new Message.WorkerHeartbeat(7L));
        // a worker that takes rows through the server only, and a stage whose parts all go through it
        assertThat(codec.decode("{\"type\":\"worker_hello\",\"workerName\":\"w\",\"cachedFiles\":[],\"threads\":1}"))
                .isEqualTo(new Message.WorkerHello("w", List.of(), 1));
        assertThat(((Message.RunStage) codec.decode(codec.encode(new Message.RunStage(3, 9, "SELECT 2", List.of()))))
                .peerTargets()).isEmpty();
        assertThat(new Message.PeerSecret("s3cret").toString()).doesNotContain("s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "{\"type\":\"nope\"}", "{\"type\":\"query\",\"requestId\":-1,\"sql\":\"x\"}",
        "{\"type\":\"query\",\"requestId\":1,\"sql\":\"  \"}", "[1,2]", "{\"type\":\"import\",\"requestId\":1}",
        "{\"type\":\"import_end\",\"requestId\":1,\"rowCount\":-5}", "{\"type\":\"import_ready\",\"requestId\":1}",
        "{\"type\":\"assign_shards\",\"generation\":1,\"tables\":[],\"bundles\":[]}",
        "{\"type\":\"worker_heartbeat\",\"duckdbMemoryBytes\":-1}", "{\"type\":\"peer_secret\",\"secret\":\"\"}",
        "{\"type\":\"peer_flush\",\"flushId\":0}",
        "{\"type\":\"worker_hello\",\"workerName\":\"w\",\"peer\":{\"host\":\"h\",\"port\":0,\"certificateSha256\":\"x\"}}",
        "{\"type\":\"run_stage\",\"requestId\":1,\"generation\":1,\"sql\":\"s\",\"partitionBy\":[\"k\"],\"partitions\":2,"
            + "\"peerTargets\":[{\"part\":2,\"peer\":{\"host\":\"h\",\"port\":1,\"certificateSha256\":\""
            + "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"},\"requestId\":1,\"input\":\"i\"}]}"})
    void malformedMessagesAreRefusedWithOneLine(String text) {
        assertThatThrownBy(() -> codec.decode(text))
                .isInstanceOf(MalformedMessageException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("malformed message").doesNotContain("\n"));
    }

    @Test
    void anAssignmentListsEveryFileItServesAmongTheCatalogFiles() {
        assertThatThrownBy(() -> new Message.AssignShards(9, List.of(), List.of(new ShardBundle(0, List.of(FILE))),
                Set.of(OTHER))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("catalogFiles");
    }

    @Test
    void binaryFramesCarryKindIdAndPayload() throws Exception {
        byte[] bytes = {1, 2, 3, 4};
        BinaryFrame frame = BinaryFrame.decode(BinaryFrame.encode(BinaryFrame.Kind.FILE_CHUNK, 42, bytes, 1, 2));
        assertThat(frame.kind()).isEqualTo(BinaryFrame.Kind.FILE_CHUNK);
        assertThat(frame.id()).isEqualTo(42);
        assertThat(frame.payloadBytes()).containsExactly(2, 3);

        BinaryFrame input = BinaryFrame.decode(BinaryFrame.encodeStageInput(5, "gizmo_stage_1", new byte[] {9, 8}));
        assertThat(input.stageInput().tableName()).isEqualTo("gizmo_stage_1");
        assertThat(input.stageInput().arrowPayload()).containsExactly(9, 8);
        BinaryFrame part = BinaryFrame.decode(BinaryFrame.encodePart(5, 2, new byte[] {7, 6}));
        assertThat(part.kind()).isEqualTo(BinaryFrame.Kind.ARROW_PART);
        assertThat(part.part().part()).isEqualTo(2);
        assertThat(part.part().arrowPayload()).containsExactly(7, 6);
    }

    @Test
    void shortOrUnknownBinaryFramesAreRefused() {
        assertThatThrownBy(() -> BinaryFrame.decode(ByteBuffer.wrap(new byte[] {1, 2})))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> BinaryFrame.decode(ByteBuffer.wrap(new byte[] {99, 0, 0, 0, 0, 0, 0, 0, 1})))
                .isInstanceOf(MalformedMessageException.class);
    }
}
