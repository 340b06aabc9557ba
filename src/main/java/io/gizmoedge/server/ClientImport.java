package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.loading.DataStatement;
import io.gizmoedge.loading.DataStatementParser;
import io.gizmoedge.loading.LoadException;
import io.gizmoedge.loading.StagedArrowRows;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.security.Role;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One import of rows a client sends ({@link Message.Import}): checked like the CREATE TABLE AS or
 * INSERT INTO it amounts to, answered with ImportReady, then the ARROW frames are staged in a
 * DuckDB file until ImportEnd, and the rows are loaded and published through
 * {@link DataStatementRunner} like any other change. A cancel, a closed connection, a bad frame or
 * a row count that does not match ends it with nothing changed.
 *
 * <p>The connection's I/O thread only hands frames and messages to {@link #offerPayload} and the
 * other offers; the statement's thread takes them. The connection reads the next frame only when
 * {@code demand} runs, which happens as each frame is taken: at most one frame waits here, so a
 * fast client is slowed down by TCP rather than filling the server's memory. Once the import has
 * ended, frames still in flight are dropped (and the next one demanded) until the client's
 * ImportEnd or ImportCancel arrives.
 */
final class ClientImport {
    /**
     * The query text of the statement an import amounts to; it is never run (the rows come from the
     * staging table), it only stands where a CREATE TABLE AS or INSERT INTO has its query.
     */
    private static final String ROWS_QUERY = "SELECT * FROM the rows the client sends";
    private static final Duration IDLE_LIMIT = Duration.ofMinutes(5);

    /** What the connection hands over, in arrival order. */
    private sealed interface Event permits Payload, End, Cancel, Closed {
    }

    private record Payload(byte[] bytes) implements Event {
    }

    private record End(long rowCount) implements Event {
    }

    private record Cancel(String message) implements Event {
    }

    private record Closed() implements Event {
    }

    /** What every import on the server shares. */
    record Services(DataStatementRunner dataStatements, DataStatementParser parser, StagingFactory staging,
            long maxMessageBytes) {
    }

    /** Opens the staging database of one import. */
    @FunctionalInterface
    interface StagingFactory {
        StagedArrowRows open() throws LoadException;
    }

    private final Message.Import request;
    private final Services services;
    private final Runnable demand;
    private final BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
    private boolean ended;
    private volatile boolean readySent;

    /**
     * @param demand asks the connection for its next frame
     */
    ClientImport(Message.Import request, Services services, Runnable demand) {
        this.request = request;
        this.services = services;
        this.demand = demand;
    }

    long requestId() {
        return request.requestId();
    }

    /** Whether the client was told to send rows (so it ends the import with ImportEnd or ImportCancel). */
    boolean readySent() {
        return readySent;
    }

    /** An ARROW frame of this import arrived (a copy of its payload). */
    void offerPayload(byte[] payload) {
        synchronized (this) {
            if (!ended) {
                inbox.add(new Payload(payload));
                return;
            }
        }
        demand.run(); // the import is over: drop the frame, read on
    }

    void offerEnd(long rowCount) {
        inbox.add(new End(rowCount));
    }

    void offerCancel(String message) {
        inbox.add(new Cancel(message));
    }

    void offerClosed() {
        inbox.add(new Closed());
    }

    /**
     * Carries out the import for a user of {@code role}: the status row goes to {@code sink} and
     * the summary is returned, or a one-line failure is thrown and nothing changed.
     */
    ExecutionSummary run(Role role, FrameSender sender, PayloadSink sink) throws QueryFailure, IOException {
        long started = System.nanoTime();
        try {
            DataStatement statement = target();
            check(statement, role);
            try (StagedArrowRows staged = services.staging().open()) {
                sender.send(new Message.ImportReady(request.requestId(), services.maxMessageBytes()));
                readySent = true;
                receive(staged);
                return services.dataStatements().load(statement, role, staged.rows(), started, sink);
            }
        } catch (LoadException e) {
            throw new QueryFailure(e.getMessage(), e);
        } finally {
            end();
        }
    }

    /**
     * The checks of the equivalent statement, with the import's own advice (placement or none) when
     * the table is missing or already there.
     */
    private void check(DataStatement statement, Role role) throws QueryFailure {
        try {
            services.dataStatements().checkChange(statement, role);
        } catch (QueryFailure e) {
            if (role != Role.ADMIN) {
                throw e;
            }
            if (statement instanceof DataStatement.InsertInto insert && !services.dataStatements().tableExists(insert.table())) {
                throw new QueryFailure("table " + insert.table() + " does not exist: to create it, say where its rows go"
                        + " after the path: DISTRIBUTED BY (column), DISTRIBUTED LIKE parent ON (" + insert.table()
                        + ".column = parent.column) or REPLICATED", e);
            }
            if (statement instanceof DataStatement.CreateTable create && services.dataStatements().tableExists(create.table())) {
                throw new QueryFailure("table " + create.table() + " already exists: leave out the placement to add the rows"
                        + " to it, or DROP TABLE " + create.table() + " first", e);
            }
            throw e;
        }
    }

    private DataStatement target() throws QueryFailure {
        try {
            return services.parser().importTarget(request.table(), Optional.ofNullable(request.placement()), ROWS_QUERY);
        } catch (LoadException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }

    /** Stages frames until ImportEnd; throws when the import stops otherwise. */
    private void receive(StagedArrowRows staged) throws QueryFailure, LoadException {
        while (true) {
            Event event;
            try {
                event = inbox.poll(IDLE_LIMIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueryFailure("the server is shutting down; the import changed nothing", e);
            }
            if (event == null) {
                throw new QueryFailure("no rows arrived for " + IDLE_LIMIT.toMinutes()
                        + " minutes, so the import stopped and changed nothing; run it again");
            }
            if (event instanceof Payload payload) {
                demand.run(); // the next frame may arrive while this one is stored
                staged.append(payload.bytes());
            } else if (event instanceof End end) {
                long received = staged.rowCount();
                if (!staged.hasSchema()) {
                    throw new QueryFailure("the import ended before any rows arrived, not even their columns;"
                            + " nothing changed");
                }
                if (received != end.rowCount()) {
                    throw new QueryFailure("the server received " + received + " rows but the client sent "
                            + end.rowCount() + "; nothing changed, run the import again");
                }
                return;
            } else if (event instanceof Cancel cancel) {
                throw new QueryFailure("the import was cancelled (" + cancel.message() + "); nothing changed");
            } else {
                throw new QueryFailure("the client disconnected during the import; nothing changed");
            }
        }
    }

    /** From now on frames are dropped; one that waits here is dropped too, and the next one demanded. */
    private void end() {
        List<Event> left = new ArrayList<>();
        synchronized (this) {
            ended = true;
            inbox.drainTo(left);
        }
        for (Event event : left) {
            if (event instanceof Payload) {
                demand.run();
            }
        }
    }
}
