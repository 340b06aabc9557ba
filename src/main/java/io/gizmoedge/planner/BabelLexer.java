package io.gizmoedge.planner;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.parser.babel.SimpleCharStream;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImplTokenManager;
import org.apache.calcite.sql.parser.babel.Token;

/**
 * The tokens of a statement as Babel's parser reads them, with their places in the text: what the
 * planner checks before parsing where Babel reads SQL otherwise than DuckDB does. What lies between
 * two tokens is what the lexer skips: blanks and comments.
 */
final class BabelLexer {
    /**
     * One token.
     *
     * @param kind one of {@link SqlBabelParserImplConstants}' token kinds
     * @param start the offset of its first character in the statement
     * @param end the offset after its last character
     */
    record Span(int kind, String image, int start, int end) {
    }

    private BabelLexer() {
    }

    /**
     * The tokens of {@code sql} (double-quoted identifiers), without EOF; empty when the text has no
     * tokens Babel reads (the parser then says what is wrong).
     */
    static Optional<List<Span>> tokens(String sql) {
        try {
            return Optional.of(readTokens(sql));
        } catch (RuntimeException | Error e) { // TokenMgrError
            return Optional.empty();
        }
    }

    private static List<Span> readTokens(String sql) {
        SqlBabelParserImplTokenManager lexer = new SqlBabelParserImplTokenManager(new OneColumnTabs(sql),
                SqlBabelParserImplConstants.DQID);
        int[] lineStarts = lineStarts(sql);
        List<Span> tokens = new ArrayList<>();
        for (Token token = lexer.getNextToken(); token.kind != SqlBabelParserImplConstants.EOF; token = lexer.getNextToken()) {
            tokens.add(new Span(token.kind, token.image, lineStarts[token.beginLine - 1] + token.beginColumn - 1,
                    lineStarts[token.endLine - 1] + token.endColumn));
        }
        return tokens;
    }

    /** The texts between the tokens of {@code sql}, before the first and after the last included. */
    static List<String> skipped(String sql, List<Span> tokens) {
        List<String> gaps = new ArrayList<>();
        int from = 0;
        for (Span token : tokens) {
            gaps.add(sql.substring(from, Math.max(from, token.start())));
            from = Math.max(from, token.end());
        }
        gaps.add(sql.substring(Math.min(from, sql.length())));
        return gaps;
    }

    /**
     * Where each line of {@code sql} starts, as the lexer counts lines: a line ends at {@code \n},
     * at {@code \r\n}, and at a {@code \r} alone.
     */
    private static int[] lineStarts(String sql) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= sql.length() || sql.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The lexer's input, counting a tab as one column (as the parser does), so that columns are offsets. */
    private static final class OneColumnTabs extends SimpleCharStream {
        OneColumnTabs(String sql) {
            super(new StringReader(sql));
            setTabSize(1);
        }
    }
}
