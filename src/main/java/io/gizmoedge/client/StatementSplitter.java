package io.gizmoedge.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into statements at semicolons that are outside single-quoted strings, double-quoted
 * identifiers, line comments ({@code --}) and block comments (which nest, as in DuckDB and PostgreSQL).
 * Quotes are escaped by doubling ({@code 'it''s'}). Statements that hold only comments are dropped.
 */
public final class StatementSplitter {

    /**
     * The statements of {@code text}, including a last one that has no semicolon.
     */
    public List<Statement> splitScript(String text) {
        Result result = split(text);
        List<Statement> statements = new ArrayList<>(result.complete());
        if (result.unterminated() != null) {
            statements.add(result.unterminated());
        }
        return statements;
    }

    /** Splits {@code text}; what follows the last semicolon is reported separately. */
    public Result split(String text) {
        List<Statement> complete = new ArrayList<>();
        Scanner scanner = new Scanner(text);
        int start = -1; // index of the current statement's first token, -1 while none seen
        int startLine = 1;
        int afterLastSemicolon = 0;
        while (scanner.hasNext()) {
            char c = scanner.peek();
            if (scanner.startsLineComment()) {
                scanner.skipLineComment();
            } else if (scanner.startsBlockComment()) {
                scanner.skipBlockComment();
            } else if (c == ';') {
                if (start >= 0) {
                    complete.add(new Statement(text.substring(start, scanner.position()).strip(), startLine));
                    start = -1;
                }
                scanner.advance();
                afterLastSemicolon = scanner.position();
            } else if (Character.isWhitespace(c)) {
                scanner.advance();
            } else {
                if (start < 0) {
                    start = scanner.position();
                    startLine = scanner.line();
                }
                if (c == '\'' || c == '"') {
                    scanner.skipQuoted(c);
                } else {
                    scanner.advance();
                }
            }
        }
        Statement unterminated = start < 0 ? null : new Statement(text.substring(start).strip(), startLine);
        return new Result(complete, unterminated, text.substring(afterLastSemicolon), scanner.inQuoteOrComment());
    }

    /**
     * @param complete statements ended by a semicolon
     * @param unterminated the text after the last semicolon when it holds a token, else null
     * @param remainder all text after the last semicolon, as written
     * @param openQuoteOrComment whether the text ends inside a string, quoted identifier or block comment
     */
    public record Result(
            List<Statement> complete, Statement unterminated, String remainder, boolean openQuoteOrComment) {
        public Result {
            complete = List.copyOf(complete);
            java.util.Objects.requireNonNull(remainder, "remainder");
        }

        /** Whether more input is needed before the text after the last semicolon can run. */
        public boolean needsMoreInput() {
            return unterminated != null || openQuoteOrComment;
        }
    }

    /** A cursor over the text that counts lines. */
    private static final class Scanner {
        private final String text;
        private int position;
        private int line = 1;
        private boolean unclosed;

        Scanner(String text) {
            this.text = text;
        }

        boolean hasNext() {
            return position < text.length();
        }

        char peek() {
            return text.charAt(position);
        }

        int position() {
            return position;
        }

        int line() {
            return line;
        }

        boolean inQuoteOrComment() {
            return unclosed;
        }

        void advance() {
            if (text.charAt(position) == '\n') {
                line++;
            }
            position++;
        }

        boolean startsLineComment() {
            return text.startsWith("--", position);
        }

        boolean startsBlockComment() {
            return text.startsWith("/*", position);
        }

        void skipLineComment() {
            while (hasNext() && peek() != '\n') {
                advance();
            }
        }

        void skipBlockComment() {
            int depth = 0;
            while (hasNext()) {
                if (text.startsWith("/*", position)) {
                    depth++;
                    advance();
                    advance();
                } else if (text.startsWith("*/", position)) {
                    depth--;
                    advance();
                    advance();
                    if (depth == 0) {
                        return;
                    }
                } else {
                    advance();
                }
            }
            unclosed = true;
        }

        /** Skips a quoted string or identifier; a doubled quote character stays inside it. */
        void skipQuoted(char quote) {
            advance();
            while (hasNext()) {
                char c = peek();
                advance();
                if (c == quote) {
                    if (hasNext() && peek() == quote) {
                        advance();
                    } else {
                        return;
                    }
                }
            }
            unclosed = true;
        }
    }
}
