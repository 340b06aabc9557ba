package io.gizmoedge.client;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Calls {@code new WebSocketQueryExecutor(ConnectionSettings)} reflectively.
 * TODO(client/transport): replace with {@code WebSocketQueryExecutor::new} once that class is on main.
 */
final class WebSocketExecutorLookup implements QueryExecutorFactory {
    static final String CLASS_NAME = "io.gizmoedge.client.WebSocketQueryExecutor";

    private final String className;

    WebSocketExecutorLookup() {
        this(CLASS_NAME);
    }

    WebSocketExecutorLookup(String className) {
        this.className = className;
    }

    @Override
    public QueryExecutor connect(ConnectionSettings settings) throws IOException {
        Constructor<?> constructor;
        try {
            constructor = Class.forName(className).getConstructor(ConnectionSettings.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IOException("this build has no WebSocket client (" + className
                    + "(ConnectionSettings) is missing); rebuild with the transport module", e);
        }
        try {
            return (QueryExecutor) constructor.newInstance(settings);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot create " + className + ": " + e, e);
        }
    }
}
