package io.gizmoedge.loading;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the head of a statement into tokens, aware of quotes and comments, so that the data
 * statements' own syntax ({@code DISTRIBUTED BY}, {@code LIKE ... ON}) can be read before the
 * query part is handed to DuckDB unchanged.
 */
final class SqlTokenizer {

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, SYMBOL }

    /** A token and where it starts and ends in the statement text. */
    record Token(Kind kind, String text, int start, int end) {
        /** True when this is the unquoted word {@code word} (any case). */
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        /** The name this token denotes: an unquoted word in lower case, a quoted name as written. */
        String name() {
            return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : text;
        }
    }

    private SqlTokenizer() {
    }

    static List<Token> tokenize(String sql) throws LoadException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new LoadException("a comment is not closed: add */");
                }
                i = close + 2;
            } else if (c == '\'' || c == '"') {
                int start = i;
                StringBuilder text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new LoadException((c == '\'' ? "a string" : "a quoted name") + " is not closed: add " + c);
                    }
                    char d = sql.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && sql.charAt(i + 1) == c) {
                            text.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    text.append(d);
                    i++;
                }
                tokens.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_NAME, text.toString(), start, i));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return tokens;
    }
}
