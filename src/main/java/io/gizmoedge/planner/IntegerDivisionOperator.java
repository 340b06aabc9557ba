package io.gizmoedge.planner;

/**
 * Finds DuckDB's integer division {@code a // b} in a statement. Babel's lexer reads {@code //} as
 * the start of a line comment, so the planner would see {@code x < 5 // 2} as {@code x < 5}: such a
 * statement runs on the server. A {@code //} inside a string or a quoted identifier is no operator;
 * one inside a {@code --} or {@code /* *}{@code /} comment is taken as one, which costs the statement
 * no more than running on the server.
 */
final class IntegerDivisionOperator {
    static final String REASON = "the planner cannot read DuckDB's integer division operator //";

    private IntegerDivisionOperator() {
    }

    /** True when {@code sql} has {@code //} outside its strings and quoted identifiers. */
    static boolean isUsedIn(String sql) {
        return sql.contains("//") && BabelLexer.tokens(sql)
                .map(tokens -> BabelLexer.skipped(sql, tokens).stream().anyMatch(text -> text.contains("//")))
                .orElse(false);
    }
}
