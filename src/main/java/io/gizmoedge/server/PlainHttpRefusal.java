package io.gizmoedge.server;

import io.gizmoedge.transport.Refusal;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code 400} to a request that reached the TLS port without TLS ({@code ws://} or
 * {@code http://} by mistake), so that the caller reads why instead of a TLS alert. The connector
 * routes such bytes here through Jetty's TLS detection; nothing else about them is looked at, and
 * no credentials they carry are checked.
 */
final class PlainHttpRefusal extends Handler.Wrapper {
    static final String MESSAGE = "this port speaks TLS: connect with wss:// (https://), not ws:// (http://)";

    PlainHttpRefusal(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().isSecure()) {
            return super.handle(request, response, callback);
        }
        Refusal.send(response, callback, 400, MESSAGE);
        return true;
    }
}
