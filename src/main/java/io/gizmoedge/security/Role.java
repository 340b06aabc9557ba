package io.gizmoedge.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an authenticated account may do: query as a client, or serve shards as a worker. */
public enum Role {
    /** Runs queries over the /client path. */
    CLIENT,
    /** Serves shards over the /worker path. */
    WORKER,
    /** Runs queries over the /client path and may change data (CREATE, INSERT, DROP). */
    ADMIN;

    /** The role's name as stored in the user list: {@code client} or {@code worker}. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code client} or {@code worker}, in any case. */
    @JsonCreator
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; expected client, worker or admin");
    }
}
