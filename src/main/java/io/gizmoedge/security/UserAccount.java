package io.gizmoedge.security;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One account of the user list: its name, role and encoded password hash (never the password).
 *
 * @param name 1 to 64 letters, digits, '.', '_' or '-'
 * @param passwordHash as written by {@link PasswordHasher#hash(String)}
 */
public record UserAccount(String name, Role role, String passwordHash) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public UserAccount {
        checkName(name);
        Objects.requireNonNull(role, "role");
        PasswordHasher.checkEncoded(passwordHash);
    }

    /** Rejects user names that are empty, too long, or contain characters other than letters, digits, '.', '_', '-'. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "UserAccount[name=" + name + ", role=" + role + "]";
    }
}
