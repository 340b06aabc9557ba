package io.gizmoedge.integration;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A bare WebSocket endpoint for sending the server what a well-behaved client never would. */
public final class RawClientSocket implements Session.Listener.AutoDemanding {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeStatus;

    @Override
    public void onWebSocketText(String message) {
        texts.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeStatus = statusCode;
        closed.countDown();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // the test looks at what arrived and whether the socket closed
    }

    String nextText() throws InterruptedException {
        return texts.poll(30, TimeUnit.SECONDS);
    }

    boolean awaitClose() throws InterruptedException {
        return closed.await(30, TimeUnit.SECONDS);
    }
}
