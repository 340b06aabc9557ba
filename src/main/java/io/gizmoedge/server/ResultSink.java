package io.gizmoedge.server;

import java.io.IOException;

/** Where a query's Arrow frame payloads go, in order (the client's connection). */
@FunctionalInterface
interface ResultSink {
    void payload(byte[] arrowPayload) throws IOException;
}
