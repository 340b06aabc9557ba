package io.gizmoedge.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names in a SQL text (keywords, identifiers and quoted identifiers, lower case) outside its
 * string literals and comments, read only where the reading is certain to be DuckDB's: a text with
 * anything that PostgreSQL's scanner reads in ways a short scanner may get wrong (block comments,
 * which nest; backslashes, which escape in E'' strings; dollar quotes; U&amp; escapes; characters
 * beyond ASCII; several statements) gets no answer. {@link ClientSqlCheck} uses it to pass, without
 * asking DuckDB's parser, a query whose every name is harmless: each name of a call is among them.
 */
final class SqlNameScan {
    private SqlNameScan() {
    }

    /** The names of {@code sql} in order, or empty when the text is not one this scan reads exactly. */
    static Optional<List<String>> names(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c > 127 || c == ';' || c == '\\' || c == '$' || c == '&' || c == '\0') {
                return Optional.empty();
            }
        }
        if (sql.contains("/*") || sql.contains("*/")) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                int end = closingQuote(sql, i, c);
                if (end < 0) {
                    return Optional.empty();
                }
                if (c == '"') {
                    names.add(sql.substring(i + 1, end).replace("\"\"", "\"").toLowerCase(Locale.ROOT));
                }
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                // letters after digits start a name too (1e5 gives "e5"): a name too many is harmless
                int start = i;
                while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                names.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return Optional.of(names);
    }

    /** The index of the quote that closes the one at {@code open} (a doubled quote is part of the text), or -1. */
    private static int closingQuote(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }
}
