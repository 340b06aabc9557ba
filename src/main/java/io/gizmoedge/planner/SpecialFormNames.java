package io.gizmoedge.planner;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants;

/**
 * Lets Babel's parser read DuckDB calls whose names its grammar keeps for another dialect's special
 * form: {@code date_diff('day', a, b)} and {@code datediff('day', a, b)}, which Babel parses as
 * BigQuery's {@code DATE_DIFF(a, b, DAY)} and SQL Server's {@code DATEDIFF(DAY, a, b)} and so
 * refuses. Such a name followed by {@code (} and a string literal is quoted, which makes it a plain
 * function call ({@link DuckDbFunctions} knows it). Babel's own lexer ({@link BabelLexer}) finds the tokens, so names in
 * strings, quoted identifiers and comments stay as they are.
 */
final class SpecialFormNames {
    /** The names, lower case, of DuckDB functions whose calls Babel parses as a special form. */
    private static final Set<String> NAMES = Set.of("date_diff", "datediff");

    private SpecialFormNames() {
    }

    /** {@code sql} with the names of those calls quoted; unchanged when there are none or it cannot be read. */
    static String quoteDuckDbCalls(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (NAMES.stream().noneMatch(lower::contains)) {
            return sql;
        }
        Optional<List<BabelLexer.Span>> read = BabelLexer.tokens(sql);
        if (read.isEmpty()) {
            return sql;
        }
        List<BabelLexer.Span> tokens = read.get();
        StringBuilder quoted = new StringBuilder(sql);
        // from the end, so that earlier offsets stay valid
        for (int i = tokens.size() - 3; i >= 0; i--) {
            BabelLexer.Span name = tokens.get(i);
            if (NAMES.contains(name.image().toLowerCase(Locale.ROOT))
                    && tokens.get(i + 1).kind() == SqlBabelParserImplConstants.LPAREN
                    && tokens.get(i + 2).kind() == SqlBabelParserImplConstants.QUOTED_STRING
                    && sql.substring(name.start(), name.end()).equalsIgnoreCase(name.image())) {
                quoted.insert(name.end(), '"').insert(name.start(), '"');
            }
        }
        return quoted.toString();
    }
}
