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

    /**
     * {@code name} as it may appear in a log: characters a name may not hold become '?', and at most
     * 64 characters are kept, so that a crafted name cannot forge log lines.
     */
    public static String printable(String name) {
        if (name == null) {
            return "";
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9._@-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }

    @Override
    public String toString() {
        return "UserAccount[name=" + name + ", role=" + role + "]";
    }
}
