package io.gizmoedge.server;

import io.gizmoedge.security.Role;
import io.gizmoedge.security.UserList;
import io.gizmoedge.transport.BasicCredentials;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks credentials during the HTTP upgrade, before any WebSocket opens: a failed login gets
 * 401 and a user whose role does not match the path gets 403, and no socket is created.
 */
final class UpgradeAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeAuthenticator.class);

    private final UserList users;

    UpgradeAuthenticator(UserList users) {
        this.users = users;
    }

    /** An authenticated account. */
    record Account(String name, Role role) {
    }

    /**
     * The authenticated account when the request may use a path for {@code role} (an admin may use
     * the client path); otherwise the response is sent.
     */
    Optional<Account> admit(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback, Role role) {
        String remote = String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (credentials.isEmpty()) {
            LOG.info("refused {}: no credentials", remote);
            return refuse(request, response, callback, 401, "credentials required (HTTP Basic)");
        }
        Optional<Role> granted = users.authenticate(credentials.get().username(), credentials.get().password());
        if (granted.isEmpty()) {
            LOG.info("refused {}: wrong user name or password for '{}'", remote, credentials.get().username());
            return refuse(request, response, callback, 401, "wrong user name or password");
        }
        if (granted.get() != role && !(granted.get() == Role.ADMIN && role == Role.CLIENT)) {
            LOG.info("refused {}: user '{}' has role {} and may not use {}", remote, credentials.get().username(),
                    granted.get(), request.getHttpURI().getPath());
            return refuse(request, response, callback, 403, "this account may not use " + request.getHttpURI().getPath());
        }
        return Optional.of(new Account(credentials.get().username(), granted.get()));
    }

    private static Optional<Account> refuse(ServerUpgradeRequest request, ServerUpgradeResponse response,
            Callback callback, int status, String message) {
        if (status == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"gizmo-edge\"");
        }
        Response.writeError(request, response, callback, status, message);
        return Optional.empty();
    }
}
