package io.gizmoedge.transport;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request the server will not upgrade: a status, a one-line plain-text message
 * that says what happened and what to do, and {@code Connection: close}, so that a refused
 * connection never lingers unauthenticated.
 */
public final class Refusal {
    private Refusal() {
    }

    public static void send(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Content.Sink.write(response, true, message + "\n", callback);
    }
}
