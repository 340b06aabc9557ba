package io.gizmoedge.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    private final StatementSplitter splitter = new StatementSplitter();

    private List<String> sqls(String script) {
        return splitter.splitScript(script).stream().map(Statement::sql).toList();
    }

    @Test
    void splitsOnSemicolonsAndKeepsATrailingStatementWithoutOne() {
        assertThat(sqls("SELECT 1; SELECT 2;\nSELECT 3")).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void ignoresSemicolonsInsideStringsAndQuotedIdentifiers() {
        assertThat(sqls("SELECT 'a;b', \"x;y\" FROM t; SELECT 'it''s; fine'"))
                .containsExactly("SELECT 'a;b', \"x;y\" FROM t", "SELECT 'it''s; fine'");
    }

    @Test
    void ignoresSemicolonsInsideComments() {
        assertThat(sqls("SELECT 1 -- not; here\n, 2; /* a; /* nested; */ b; */ SELECT 3;"))
                .containsExactly("SELECT 1 -- not; here\n, 2", "SELECT 3");
    }

    @Test
    void dropsEmptyAndCommentOnlyStatements() {
        assertThat(sqls(";;  ; -- just a comment\n /* and another */ ;\n")).isEmpty();
        assertThat(sqls("SELECT 1;\n-- trailing comment")).containsExactly("SELECT 1");
    }

    @Test
    void leadingCommentsAreDroppedAndLinesCounted() {
        List<Statement> statements = splitter.splitScript("-- header\n\nSELECT 1;\n\n  SELECT\n 2;");
        assertThat(statements).containsExactly(new Statement("SELECT 1", 3), new Statement("SELECT\n 2", 5));
    }

    @Test
    void commentMarkersInsideStringsAreText() {
        assertThat(sqls("SELECT '--x', '/*'; SELECT 2")).containsExactly("SELECT '--x', '/*'", "SELECT 2");
    }

    @Test
    void reportsWhenMoreInputIsNeeded() {
        assertThat(splitter.split("SELECT 1;").needsMoreInput()).isFalse();
        assertThat(splitter.split("SELECT 1; SELECT").needsMoreInput()).isTrue();
        assertThat(splitter.split("SELECT 'open;").needsMoreInput()).isTrue();
        assertThat(splitter.split("SELECT 'open;").complete()).isEmpty();
        assertThat(splitter.split("/* open; comment").needsMoreInput()).isTrue();
        assertThat(splitter.split("SELECT 1; -- done").needsMoreInput()).isFalse();
        assertThat(splitter.split("SELECT 1; SELECT 2").remainder()).isEqualTo(" SELECT 2");
    }

    @Test
    void previewIsOneShortLine() {
        Statement statement = new Statement("SELECT\n  a,\n  b FROM " + "x".repeat(100), 1);
        assertThat(statement.preview()).startsWith("SELECT a, b FROM xxx").endsWith("...").hasSize(60);
    }
}
