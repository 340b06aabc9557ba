package io.gizmoedge.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.protocol.DistributedMode;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.UserAccount;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gizmo Edge's Flight SQL service. A statement's FlightInfo carries one ticket that names a
 * server-side record of the query ({@link FlightQueries}); the query runs through the server's
 * coordinator ({@link QueryBackend}) when that ticket's stream is read, and its Arrow batches are
 * forwarded as they come. Metadata answers come from the current catalog version. Every failure a
 * client sees is a gRPC status with one line of our own.
 */
public final class GizmoFlightSqlProducer extends BasicFlightSqlProducer {
    private static final Logger LOG = LoggerFactory.getLogger(GizmoFlightSqlProducer.class);
    static final String DISTRIBUTED_OPTION = "gizmo.distributed";
    private static final Schema NO_COLUMNS = new Schema(List.of());
    private static final String MALFORMED_TICKET = "malformed ticket: use the ticket of a FlightInfo this server returned";

    private final QueryBackend backend;
    private final SessionTokens sessions;
    private final FlightQueries queries;
    private final BufferAllocator allocator;
    private final SqlInfoBuilder sqlInfo;
    private final Executor queryThreads;
    private final TicketedQueryRunner runner;

    /** @param queryThreads runs each query whose stream is read, while the call's own thread stays free */
    public GizmoFlightSqlProducer(QueryBackend backend, SessionTokens sessions, FlightQueries queries,
            BufferAllocator allocator, String serverVersion, Executor queryThreads) {
        this.queryThreads = Objects.requireNonNull(queryThreads, "queryThreads");
        this.runner = new TicketedQueryRunner(backend, allocator);
        this.backend = Objects.requireNonNull(backend, "backend");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.sqlInfo = ServerSqlInfo.create(serverVersion);
    }

    // --- statements ---------------------------------------------------------------------------

    /** Reads a ticket: bytes that are not a Flight SQL command are refused before anything else. */
    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        try {
            Any.parseFrom(ticket.getBytes());
        } catch (InvalidProtocolBufferException e) {
            listener.error(CallStatus.INVALID_ARGUMENT.withDescription(MALFORMED_TICKET).toRuntimeException());
            return;
        }
        try {
            super.getStream(context, ticket, listener);
        } catch (FlightRuntimeException e) {
            listener.error(e);
        } catch (RuntimeException e) {
            LOG.debug("an unreadable ticket: {}", e.toString());
            listener.error(CallStatus.INVALID_ARGUMENT.withDescription(MALFORMED_TICKET).toRuntimeException());
        }
    }

    @Override
    public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return FlightCalls.guard("GetFlightInfo",
                () -> ticketFor(session(context), command.getQuery(), descriptor, Optional.empty()));
    }

    @Override
    public SchemaResult getSchemaStatement(FlightSql.CommandStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return FlightCalls.guard("GetSchema", () -> {
            session(context);
            return new SchemaResult(backend.resultSchema(command.getQuery()).orElse(NO_COLUMNS));
        });
    }

    @Override
    public void getStreamStatement(FlightSql.TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
        FlightSession session;
        FlightQueries.TicketedQuery query;
        try {
            session = session(context);
            query = queries.start(new FlightQueries.Handle(ticket.getStatementHandle()), session);
        } catch (FlightRuntimeException e) {
            listener.error(e);
            return;
        }
        QueryOptions options = options(session, context);
        FlightQueries.TicketedQuery started = query;
        try {
            // on a thread of our own: gRPC delivers the client's cancel on the thread of this call, which
            // must therefore not be held while the query runs
            queryThreads.execute(() -> {
                try {
                    runner.run(started, options, listener);
                } finally {
                    queries.finish(started.handle());
                }
            });
        } catch (RejectedExecutionException e) {
            queries.finish(query.handle());
            listener.error(CallStatus.UNAVAILABLE.withDescription("the server is shutting down").toRuntimeException());
        }
    }

    @Override
    public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command, CallContext context, FlightStream flightStream,
            StreamListener<PutResult> ackStream) {
        return () -> runUpdate(context, () -> command.getQuery(), ackStream);
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(FlightSql.CommandPreparedStatementUpdate command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> runUpdate(context, () -> {
            FlightSession session = session(context);
            FlightQueries.Handle handle = new FlightQueries.Handle(command.getPreparedStatementHandle());
            bindFrom(flightStream, handle, session);
            return boundSql(queries.prepared(handle, session.user()));
        }, ackStream);
    }

    /** A statement whose answer is not read (a data change): runs it and answers the update count (-1: not counted). */
    private void runUpdate(CallContext context, Supplier<String> statement, StreamListener<PutResult> ackStream) {
        try {
            FlightSession session = session(context);
            String sql = statement.get();
            Cancellation cancellation = new Cancellation();
            PayloadSink discard = payload -> { };
            try {
                backend.execute(sql, options(session, context), session, discard, cancellation);
            } catch (StatementFailedException e) {
                LOG.info("Flight SQL update of '{}' failed: {}", UserAccount.printable(session.user()), e.getMessage());
                throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
            } catch (IOException e) {
                throw CallStatus.INTERNAL.withDescription("the statement's answer could not be read").toRuntimeException();
            }
            FlightSql.DoPutUpdateResult result = FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(-1).build();
            try (ArrowBuf buffer = allocator.buffer(result.getSerializedSize())) {
                byte[] bytes = result.toByteArray();
                buffer.setBytes(0, bytes);
                ackStream.onNext(PutResult.metadata(buffer));
            }
            ackStream.onCompleted();
        } catch (FlightRuntimeException e) {
            ackStream.onError(e);
        } catch (RuntimeException | Error e) {
            LOG.error("a Flight SQL update hit an internal error", e);
            ackStream.onError(CallStatus.INTERNAL.withDescription(FlightCalls.INTERNAL_ERROR).toRuntimeException());
        }
    }

    // --- prepared statements ------------------------------------------------------------------

    @Override
    public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        FlightCalls.respond(listener, "CreatePreparedStatement", () -> {
            FlightSession session = session(context);
            String sql = request.getQuery();
            Schema parameters = backend.parameterSchema(sql).orElseGet(() -> textParameters(ParameterBinding.count(sql)));
            List<String> nulls = new ArrayList<>();
            parameters.getFields().forEach(field -> nulls.add("NULL"));
            Schema dataset = FlightCalls.call(() -> backend.resultSchema(ParameterBinding.substitute(sql, nulls))).orElse(NO_COLUMNS);
            List<String> types = new ArrayList<>();
            parameters.getFields().forEach(field -> types.add(field.getType().toString()));
            FlightQueries.PreparedQuery prepared = queries.prepare(session.user(), sql, types, dataset);
            FlightSql.ActionCreatePreparedStatementResult result = FlightSql.ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(prepared.handle().bytes())
                    .setDatasetSchema(ByteString.copyFrom(CatalogMetadata.serialize(dataset)))
                    .setParameterSchema(ByteString.copyFrom(CatalogMetadata.serialize(parameters)))
                    .build();
            return List.of(new Result(Any.pack(result).toByteArray()));
        });
    }

    /** {@code count} parameters of type text, for a statement DuckDB cannot prepare. */
    private static Schema textParameters(int count) {
        List<Field> fields = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            fields.add(Field.nullable("parameter_" + i, ArrowType.Utf8.INSTANCE));
        }
        return new Schema(fields);
    }

    @Override
    public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request, CallContext context,
            StreamListener<Result> listener) {
        FlightCalls.respond(listener, "ClosePreparedStatement", () -> {
            queries.close(new FlightQueries.Handle(request.getPreparedStatementHandle()), session(context).user());
            return List.of();
        });
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(FlightSql.CommandPreparedStatementQuery command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                FlightSession session = session(context);
                bindFrom(flightStream, new FlightQueries.Handle(command.getPreparedStatementHandle()), session);
                ackStream.onCompleted();
            } catch (FlightRuntimeException e) {
                ackStream.onError(e);
            } catch (RuntimeException | Error e) {
                LOG.error("binding parameters hit an internal error", e);
                ackStream.onError(CallStatus.INTERNAL.withDescription(FlightCalls.INTERNAL_ERROR).toRuntimeException());
            }
        };
    }

    /** Binds the parameters the client sent (one row) to the prepared statement {@code handle}. */
    private void bindFrom(FlightStream flightStream, FlightQueries.Handle handle, FlightSession session) {
        FlightQueries.PreparedQuery prepared = queries.prepared(handle, session.user());
        Optional<List<String>> values = Optional.empty();
        while (flightStream.next()) {
            VectorSchemaRoot root = flightStream.getRoot();
            if (root.getRowCount() == 0) {
                continue;
            }
            if (root.getRowCount() > 1 || values.isPresent()) {
                throw CallStatus.INVALID_ARGUMENT.withDescription(
                        "bind one row of parameters at a time; batches of parameter rows are not supported").toRuntimeException();
            }
            values = Optional.of(FlightCalls.call(() -> ParameterBinding.literals(root, 0)));
        }
        if (values.isEmpty() && prepared.parameterTypes().isEmpty()) {
            return;
        }
        if (values.isEmpty()) {
            throw CallStatus.INVALID_ARGUMENT.withDescription("no parameter values were sent").toRuntimeException();
        }
        if (values.get().size() != prepared.parameterTypes().size()) {
            throw CallStatus.INVALID_ARGUMENT.withDescription("the statement has " + prepared.parameterTypes().size()
                    + " parameters but " + values.get().size() + " values were bound").toRuntimeException();
        }
        queries.bind(handle, session.user(), values.get());
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return FlightCalls.guard("GetFlightInfo", () -> {
            FlightSession session = session(context);
            FlightQueries.PreparedQuery prepared = queries.prepared(
                    new FlightQueries.Handle(command.getPreparedStatementHandle()), session.user());
            // without parameters the schema found at preparation holds; with them, the values may change it
            Optional<Schema> known = prepared.parameterTypes().isEmpty() && !prepared.resultSchema().getFields().isEmpty()
                    ? Optional.of(prepared.resultSchema()) : Optional.empty();
            return ticketFor(session, boundSql(prepared), descriptor, known);
        });
    }

    @Override
    public SchemaResult getSchemaPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
            FlightDescriptor descriptor) {
        return FlightCalls.guard("GetSchema", () -> {
            FlightSession session = session(context);
            FlightQueries.PreparedQuery prepared = queries.prepared(
                    new FlightQueries.Handle(command.getPreparedStatementHandle()), session.user());
            return new SchemaResult(backend.resultSchema(boundSql(prepared)).orElse(NO_COLUMNS));
        });
    }

    @Override
    public void getStreamPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
            ServerStreamListener listener) {
        listener.error(CallStatus.INVALID_ARGUMENT.withDescription(
                "read a prepared statement through the ticket of its FlightInfo").toRuntimeException());
    }

    private String boundSql(FlightQueries.PreparedQuery prepared) {
        if (prepared.parameterTypes().isEmpty()) {
            return prepared.sql();
        }
        List<String> values = prepared.boundValues().orElseThrow(() -> CallStatus.INVALID_ARGUMENT.withDescription(
                "bind the statement's " + prepared.parameterTypes().size() + " parameters before executing it").toRuntimeException());
        return FlightCalls.call(() -> ParameterBinding.substitute(prepared.sql(), values));
    }

    /**
     * A FlightInfo with one endpoint whose ticket names a new server-side record of {@code sql} for
     * {@code session}; its schema is {@code knownSchema}, or found now.
     */
    private FlightInfo ticketFor(FlightSession session, String sql, FlightDescriptor descriptor, Optional<Schema> knownSchema) {
        Schema schema = knownSchema.or(() -> backend.resultSchema(sql)).orElse(NO_COLUMNS);
        FlightQueries.TicketedQuery query = queries.ticket(session, sql);
        FlightSql.TicketStatementQuery ticket = FlightSql.TicketStatementQuery.newBuilder()
                .setStatementHandle(query.handle().bytes()).build();
        return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))), -1, -1);
    }

    // --- cancellation and sessions ------------------------------------------------------------

    @Override
    public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
        FlightCalls.respond(listener, "CancelFlightInfo", () -> {
            FlightSession session = session(context);
            boolean cancelled = false;
            for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
                Optional<FlightQueries.Handle> handle = statementHandle(endpoint.getTicket());
                if (handle.isPresent()) {
                    cancelled |= queries.cancel(handle.get(), session, "query cancelled");
                }
            }
            return List.of(cancelled ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
        });
    }

    private static Optional<FlightQueries.Handle> statementHandle(Ticket ticket) {
        try {
            Any any = Any.parseFrom(ticket.getBytes());
            if (any.is(FlightSql.TicketStatementQuery.class)) {
                return Optional.of(new FlightQueries.Handle(any.unpack(FlightSql.TicketStatementQuery.class).getStatementHandle()));
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("a ticket to cancel could not be read: {}", e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void setSessionOptions(SetSessionOptionsRequest request, CallContext context,
            StreamListener<SetSessionOptionsResult> listener) {
        FlightCalls.respond(listener, "SetSessionOptions", () -> {
            FlightSession session = session(context);
            Map<String, SetSessionOptionsResult.Error> errors = new HashMap<>();
            for (Map.Entry<String, SessionOptionValue> option : request.getSessionOptions().entrySet()) {
                if (!option.getKey().equals(DISTRIBUTED_OPTION)) {
                    errors.put(option.getKey(), new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_NAME));
                    continue;
                }
                Optional<DistributedMode> mode = DistributedOptionValue.parse(option.getValue());
                if (mode.isEmpty()) {
                    errors.put(option.getKey(), new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
                    continue;
                }
                sessions.update(session.id(), current -> current.withOptions(current.options().withDistributed(mode.get())));
            }
            return List.of(new SetSessionOptionsResult(errors));
        });
    }

    @Override
    public void getSessionOptions(GetSessionOptionsRequest request, CallContext context,
            StreamListener<GetSessionOptionsResult> listener) {
        FlightCalls.respond(listener, "GetSessionOptions", () -> {
            FlightSession session = session(context);
            return List.of(new GetSessionOptionsResult(Map.of(DISTRIBUTED_OPTION,
                    SessionOptionValueFactory.makeSessionOptionValue(session.options().distributed().label()))));
        });
    }

    @Override
    public void closeSession(CloseSessionRequest request, CallContext context, StreamListener<CloseSessionResult> listener) {
        FlightCalls.respond(listener, "CloseSession", () -> {
            FlightSession session = session(context);
            queries.cancelSession(session.id(), "the session closed");
            sessions.close(session.id());
            LOG.info("Flight SQL session {} of '{}' closed", session.id(), UserAccount.printable(session.user()));
            return List.of(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
        });
    }

    // --- not implemented, in our words -------------------------------------------------------

    private static FlightRuntimeException unimplemented(String what) {
        return CallStatus.UNIMPLEMENTED.withDescription(what + " is not supported by Gizmo Edge").toRuntimeException();
    }

    @Override
    public FlightInfo getFlightInfoSubstraitPlan(FlightSql.CommandStatementSubstraitPlan command, CallContext context,
            FlightDescriptor descriptor) {
        throw unimplemented("Substrait plans");
    }

    @Override
    public SchemaResult getSchemaSubstraitPlan(FlightSql.CommandStatementSubstraitPlan command, CallContext context,
            FlightDescriptor descriptor) {
        throw unimplemented("Substrait plans");
    }

    @Override
    public Runnable acceptPutSubstraitPlan(FlightSql.CommandStatementSubstraitPlan command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> ackStream.onError(unimplemented("Substrait plans"));
    }

    @Override
    public void createPreparedSubstraitPlan(FlightSql.ActionCreatePreparedSubstraitPlanRequest request, CallContext context,
            StreamListener<FlightSql.ActionCreatePreparedStatementResult> listener) {
        listener.onError(unimplemented("Substrait plans"));
    }

    @Override
    public Runnable acceptPutStatementBulkIngest(FlightSql.CommandStatementIngest command, CallContext context,
            FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> ackStream.onError(unimplemented("bulk ingestion (load files with CREATE TABLE ... AS or INSERT INTO)"));
    }

    @Override
    public void beginTransaction(FlightSql.ActionBeginTransactionRequest request, CallContext context,
            StreamListener<FlightSql.ActionBeginTransactionResult> listener) {
        listener.onError(unimplemented("transactions (each statement is atomic on its own)"));
    }

    @Override
    public void endTransaction(FlightSql.ActionEndTransactionRequest request, CallContext context,
            StreamListener<Result> listener) {
        listener.onError(unimplemented("transactions (each statement is atomic on its own)"));
    }

    @Override
    public void beginSavepoint(FlightSql.ActionBeginSavepointRequest request, CallContext context,
            StreamListener<FlightSql.ActionBeginSavepointResult> listener) {
        listener.onError(unimplemented("savepoints"));
    }

    @Override
    public void endSavepoint(FlightSql.ActionEndSavepointRequest request, CallContext context, StreamListener<Result> listener) {
        listener.onError(unimplemented("savepoints"));
    }

    // --- metadata -----------------------------------------------------------------------------

    @Override
    protected <T extends Message> List<FlightEndpoint> determineEndpoints(T request, FlightDescriptor descriptor, Schema schema) {
        return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
    }

    @Override
    public void getStreamSqlInfo(FlightSql.CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> {
            sqlInfo.send(command.getInfoList(), listener);
            return null;
        });
    }

    @Override
    public void getStreamTypeInfo(FlightSql.CommandGetXdbcTypeInfo command, CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> XdbcTypes.of(command.hasDataType() ? Optional.of(command.getDataType())
                : Optional.empty(), allocator));
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.catalogs(allocator));
    }

    @Override
    public void getStreamSchemas(FlightSql.CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.schemas(command, allocator));
    }

    @Override
    public void getStreamTables(FlightSql.CommandGetTables command, CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.tables(command, FlightCalls.call(backend::tables), allocator));
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.tableTypes(allocator));
    }

    @Override
    public void getStreamPrimaryKeys(FlightSql.CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.empty(FlightSqlProducer.Schemas.GET_PRIMARY_KEYS_SCHEMA, allocator));
    }

    @Override
    public void getStreamExportedKeys(FlightSql.CommandGetExportedKeys command, CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.empty(FlightSqlProducer.Schemas.GET_EXPORTED_KEYS_SCHEMA, allocator));
    }

    @Override
    public void getStreamImportedKeys(FlightSql.CommandGetImportedKeys command, CallContext context, ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.empty(FlightSqlProducer.Schemas.GET_IMPORTED_KEYS_SCHEMA, allocator));
    }

    @Override
    public void getStreamCrossReference(FlightSql.CommandGetCrossReference command, CallContext context,
            ServerStreamListener listener) {
        metadata(listener, context, () -> CatalogMetadata.empty(FlightSqlProducer.Schemas.GET_CROSS_REFERENCE_SCHEMA, allocator));
    }

    /** Sends a metadata answer built by {@code answer} (null when it sent itself) as one batch. */
    private void metadata(ServerStreamListener listener, CallContext context, Supplier<VectorSchemaRoot> answer) {
        try {
            session(context);
            VectorSchemaRoot root = answer.get();
            if (root == null) {
                return;
            }
            try (root) {
                listener.start(root);
                listener.putNext();
                listener.completed();
            }
        } catch (FlightRuntimeException e) {
            listener.error(e);
        } catch (RuntimeException | Error e) {
            LOG.error("a Flight SQL metadata request hit an internal error", e);
            listener.error(CallStatus.INTERNAL.withDescription(FlightCalls.INTERNAL_ERROR).toRuntimeException());
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /** The session of the call (its peer identity is the session id the authenticator admitted). */
    private FlightSession session(CallContext context) {
        return sessions.session(context.peerIdentity()).orElseThrow(() -> CallStatus.UNAUTHENTICATED
                .withDescription("the session has expired: log in again with a user name and password").toRuntimeException());
    }

    /** The session's options, with the call's {@value DistributedOptionHeader#HEADER} header over them. */
    private static QueryOptions options(FlightSession session, CallContext context) {
        DistributedOptionHeader header = context.getMiddleware(DistributedOptionHeader.KEY);
        QueryOptions options = session.options();
        return header == null ? options : header.mode().map(options::withDistributed).orElse(options);
    }
}
