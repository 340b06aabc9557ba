package io.gizmoedge.planner;

import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.BACK_QUOTED_IDENTIFIER;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.BRACKET_QUOTED_IDENTIFIER;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.CASE;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.DOT;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.END;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.IDENTIFIER;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.INFIX_CAST;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.LBRACKET;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.LPAREN;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.QUOTED_IDENTIFIER;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.RBRACKET;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.RPAREN;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.UNICODE_QUOTED_IDENTIFIER;

import io.gizmoedge.planner.BabelLexer.Span;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

/**
 * PostgreSQL's and DuckDB's cast {@code x::type} written as {@code CAST(x AS type)} before parsing.
 * In both, {@code ::} binds tighter than every operator: {@code a + b::INTEGER * c} casts b alone.
 * Calcite 1.42's Babel parser applies it to the whole expression read so far ({@code (a + b)::INTEGER},
 * then {@code * c}), so the planner finds the operand itself, with Babel's lexer: the primary
 * expression right before {@code ::} (a name, a literal, a call with its OVER or FILTER, a
 * parenthesized expression, a CASE, or an earlier cast) and the type name after it. Where it cannot
 * tell, it says so and the statement runs on the server.
 */
final class InfixCasts {
    static final String REASON = "the planner cannot tell what a :: cast applies to here; DuckDB runs the query on the"
            + " server (CAST(x AS type) can be distributed)";

    /** Reserved words that are values by themselves. */
    private static final Set<String> VALUE_WORDS = Set.of("TRUE", "FALSE", "NULL", "UNKNOWN", "CURRENT_DATE",
            "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_USER", "SESSION_USER", "USER",
            "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_CATALOG");
    /** Reserved words that are called with parentheses, as functions or value constructors are. */
    private static final Set<String> CALLED_WORDS = Set.of("CAST", "TRY_CAST", "EXTRACT", "SUBSTRING", "TRIM",
            "POSITION", "OVERLAY", "CONVERT", "TRANSLATE", "FLOOR", "CEIL", "CEILING", "COALESCE", "NULLIF", "EXISTS",
            "ROW", "ARRAY", "MAP", "MULTISET", "LEFT", "RIGHT", "DATE_TRUNC", "DATE_PART", "TIMESTAMPADD", "TIMESTAMPDIFF");
    /**
     * Words of operators and clauses, which never end a primary expression nor call one in
     * parentheses (Babel takes several of them, such as AND, NOT and AS, for names where it can).
     */
    private static final Set<String> OPERATOR_WORDS = Set.of("AND", "OR", "NOT", "IN", "IS", "LIKE", "ILIKE",
            "SIMILAR", "BETWEEN", "ESCAPE", "CASE", "WHEN", "THEN", "ELSE", "AS", "SELECT", "WHERE", "ON", "BY",
            "HAVING", "QUALIFY", "FROM", "DISTINCT", "ALL", "ANY", "SOME", "UNION", "INTERSECT", "EXCEPT", "VALUES",
            "LIMIT", "OFFSET", "FETCH", "JOIN", "USING", "WITH", "RETURNING", "ORDER", "GROUP", "WINDOW", "PARTITION",
            "ASC", "DESC", "NULLS", "OVER", "FILTER", "WITHIN", "INTERVAL", "LATERAL", "TABLE");
    /** Words that introduce a typed literal: {@code DATE '2024-01-31'}. */
    private static final Set<String> TYPED_LITERAL_WORDS = Set.of("DATE", "TIME", "TIMESTAMP");

    private final SqlAbstractParserImpl.Metadata keywords =
            SqlBabelParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();

    /** {@code sql} with every {@code ::} cast as a CAST call; unchanged without one; empty when a cast's operand is unclear. */
    Optional<String> rewrite(String sql) {
        if (!sql.contains("::")) {
            return Optional.of(sql);
        }
        Optional<List<Span>> lexed = BabelLexer.tokens(sql);
        if (lexed.isEmpty()) {
            return Optional.of(sql); // the parser says what is wrong
        }
        List<Span> tokens = lexed.get();
        List<Edit> edits = new ArrayList<>();
        Map<Integer, Integer> castStartByTypeEnd = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() != INFIX_CAST) {
                continue;
            }
            OptionalInt start = i == 0 ? OptionalInt.empty() : primaryStart(tokens, i - 1, castStartByTypeEnd);
            OptionalInt typeEnd = typeEnd(tokens, i + 1);
            if (start.isEmpty() || typeEnd.isEmpty()) {
                return Optional.empty();
            }
            castStartByTypeEnd.put(typeEnd.getAsInt(), start.getAsInt());
            edits.add(new Edit(tokens.get(start.getAsInt()).start(), tokens.get(start.getAsInt()).start(), "CAST("));
            edits.add(new Edit(tokens.get(i).start(), tokens.get(i).end(), " AS "));
            edits.add(new Edit(tokens.get(typeEnd.getAsInt()).end(), tokens.get(typeEnd.getAsInt()).end(), ")"));
            i = typeEnd.getAsInt();
        }
        StringBuilder text = new StringBuilder(sql);
        // from the end, so that each edit's offsets still hold; equal inserts at one place are alike
        // (at one place, the replaced :: of a cast before the ")" that closes the cast of its operand)
        edits.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end).reversed());
        edits.forEach(edit -> text.replace(edit.start(), edit.end(), edit.text()));
        return Optional.of(text.toString());
    }

    /** Replaces the text from {@code start} to {@code end} with {@code text}. */
    private record Edit(int start, int end, String text) {
    }

    /** The first token of the primary expression whose last token is {@code last}. */
    private OptionalInt primaryStart(List<Span> tokens, int last, Map<Integer, Integer> castStartByTypeEnd) {
        Integer cast = castStartByTypeEnd.get(last);
        if (cast != null) {
            return OptionalInt.of(cast); // x::INTEGER::VARCHAR
        }
        Span token = tokens.get(last);
        switch (token.kind()) {
            case RPAREN -> {
                OptionalInt open = matching(tokens, last, LPAREN, RPAREN);
                return open.isEmpty() ? open : calleeStart(tokens, open.getAsInt(), castStartByTypeEnd);
            }
            case RBRACKET -> {
                OptionalInt open = matching(tokens, last, LBRACKET, RBRACKET);
                if (open.isEmpty() || open.getAsInt() == 0 || !endsPrimary(tokens.get(open.getAsInt() - 1))) {
                    return open; // a list [1, 2]
                }
                return primaryStart(tokens, open.getAsInt() - 1, castStartByTypeEnd); // x[1]
            }
            case END -> {
                return matching(tokens, last, CASE, END);
            }
            default -> {
                if (isLiteral(token)) {
                    boolean typed = last > 0 && TYPED_LITERAL_WORDS.contains(word(tokens.get(last - 1)));
                    return OptionalInt.of(typed ? last - 1 : last);
                }
                if (VALUE_WORDS.contains(word(token))) {
                    return OptionalInt.of(last);
                }
                return isName(token) ? OptionalInt.of(qualifiedStart(tokens, last)) : OptionalInt.empty();
            }
        }
    }

    /**
     * The start of the primary expression whose parenthesis opens at {@code open}: a call's name (and its
     * qualifiers), the call an OVER or FILTER clause belongs to, or the parenthesis itself.
     */
    private OptionalInt calleeStart(List<Span> tokens, int open, Map<Integer, Integer> castStartByTypeEnd) {
        if (open == 0) {
            return OptionalInt.of(open);
        }
        Span before = tokens.get(open - 1);
        String word = word(before);
        if ((word.equals("OVER") || word.equals("FILTER")) && open >= 2) {
            return primaryStart(tokens, open - 2, castStartByTypeEnd);
        }
        if (word.equals("GROUP") && open >= 3 && word(tokens.get(open - 2)).equals("WITHIN")) {
            return primaryStart(tokens, open - 3, castStartByTypeEnd);
        }
        if (!OPERATOR_WORDS.contains(word)
                && (isName(before) || CALLED_WORDS.contains(word) || keywords.isReservedFunctionName(word))) {
            return OptionalInt.of(qualifiedStart(tokens, open - 1));
        }
        return OptionalInt.of(open);
    }

    /** The first token of the type name that starts at {@code first}, its last token's index. */
    private OptionalInt typeEnd(List<Span> tokens, int first) {
        if (first >= tokens.size() || !(isName(tokens.get(first)) || keywords.isKeyword(word(tokens.get(first))))) {
            return OptionalInt.empty();
        }
        String name = word(tokens.get(first));
        int next = first + 1;
        if (name.equals("DOUBLE") && isWord(tokens, next, "PRECISION")
                || (name.equals("CHARACTER") || name.equals("CHAR")) && isWord(tokens, next, "VARYING")) {
            next++;
        }
        if (next < tokens.size() && tokens.get(next).kind() == LPAREN) {
            OptionalInt close = matchingForward(tokens, next);
            if (close.isEmpty()) {
                return close;
            }
            next = close.getAsInt() + 1;
        }
        if ((name.equals("TIMESTAMP") || name.equals("TIME")) && (isWord(tokens, next, "WITH") || isWord(tokens, next, "WITHOUT"))
                && isWord(tokens, next + 1, "TIME") && isWord(tokens, next + 2, "ZONE")) {
            next += 3;
        }
        if (next < tokens.size() && (tokens.get(next).kind() == LBRACKET || tokens.get(next).kind() == DOT)) {
            return OptionalInt.empty(); // an array type or a qualified type name
        }
        return OptionalInt.of(next - 1);
    }

    /** The first token of the name ending at {@code last} with its qualifiers ({@code schema.table.column}). */
    private int qualifiedStart(List<Span> tokens, int last) {
        int start = last;
        while (start >= 2 && tokens.get(start - 1).kind() == DOT && isName(tokens.get(start - 2))) {
            start -= 2;
        }
        return start;
    }

    /** Whether {@code token} can end a primary expression that an index {@code [i]} follows. */
    private boolean endsPrimary(Span token) {
        return token.kind() == RPAREN || token.kind() == RBRACKET || isName(token) || isLiteral(token);
    }

    /**
     * An identifier, or a keyword that Babel reads as a name where it can (such as {@code year}), unless
     * it is an operator's or a clause's.
     */
    private boolean isName(Span token) {
        return switch (token.kind()) {
            case IDENTIFIER, QUOTED_IDENTIFIER, BACK_QUOTED_IDENTIFIER, BRACKET_QUOTED_IDENTIFIER, UNICODE_QUOTED_IDENTIFIER -> true;
            default -> keywords.isNonReservedKeyword(word(token)) && !OPERATOR_WORDS.contains(word(token));
        };
    }

    private static boolean isLiteral(Span token) {
        String image = token.image();
        return !image.isEmpty() && (Character.isDigit(image.charAt(0)) || image.charAt(0) == '.'
                || image.endsWith("'") && !image.startsWith("\""));
    }

    private static boolean isWord(List<Span> tokens, int index, String word) {
        return index < tokens.size() && word(tokens.get(index)).equals(word);
    }

    private static String word(Span token) {
        return token.image().toUpperCase(Locale.ROOT);
    }

    /** The index of the token that opens the pair {@code close} closes, counting nested pairs. */
    private static OptionalInt matching(List<Span> tokens, int close, int openKind, int closeKind) {
        return matching(tokens, close, -1, closeKind, openKind);
    }

    /** The index of the parenthesis that closes the one at {@code open}. */
    private static OptionalInt matchingForward(List<Span> tokens, int open) {
        return matching(tokens, open, 1, LPAREN, RPAREN);
    }

    /**
     * From the token at {@code from} (of kind {@code fromKind}), stepping by {@code step}, the index of
     * the token of kind {@code toKind} that pairs with it, counting nested pairs.
     */
    private static OptionalInt matching(List<Span> tokens, int from, int step, int fromKind, int toKind) {
        int depth = 0;
        for (int i = from; i >= 0 && i < tokens.size(); i += step) {
            int kind = tokens.get(i).kind();
            if (kind == fromKind) {
                depth++;
            } else if (kind == toKind && --depth == 0) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}
