package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfixCastsTest {
    private final InfixCasts casts = new InfixCasts();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SELECT a + b::INTEGER * c               | SELECT a + CAST(b AS INTEGER) * c
            SELECT -x::VARCHAR                       | SELECT -CAST(x AS VARCHAR)
            SELECT (a + b)::INTEGER                  | SELECT CAST((a + b) AS INTEGER)
            SELECT t.x::BIGINT FROM t                | SELECT CAST(t.x AS BIGINT) FROM t
            SELECT f(x, y)::DOUBLE                   | SELECT CAST(f(x, y) AS DOUBLE)
            SELECT sum(x) OVER (PARTITION BY y)::INT | SELECT CAST(sum(x) OVER (PARTITION BY y) AS INT)
            SELECT count(*) FILTER (WHERE x)::INT    | SELECT CAST(count(*) FILTER (WHERE x) AS INT)
            SELECT CASE WHEN a THEN 1 END::VARCHAR   | SELECT CAST(CASE WHEN a THEN 1 END AS VARCHAR)
            SELECT x::INTEGER::VARCHAR               | SELECT CAST(CAST(x AS INTEGER) AS VARCHAR)
            SELECT '2024-01-31'::DATE + 1            | SELECT CAST('2024-01-31' AS DATE) + 1
            SELECT DATE '2024-01-31'::VARCHAR        | SELECT CAST(DATE '2024-01-31' AS VARCHAR)
            SELECT x::DECIMAL(10, 2)                 | SELECT CAST(x AS DECIMAL(10, 2))
            SELECT x::DOUBLE PRECISION + 1           | SELECT CAST(x AS DOUBLE PRECISION) + 1
            SELECT x::TIMESTAMP WITH TIME ZONE       | SELECT CAST(x AS TIMESTAMP WITH TIME ZONE)
            SELECT year::INTEGER FROM t              | SELECT CAST(year AS INTEGER) FROM t
            SELECT "my col"::INTEGER FROM t          | SELECT CAST("my col" AS INTEGER) FROM t
            SELECT CAST(x AS INT)::VARCHAR           | SELECT CAST(CAST(x AS INT) AS VARCHAR)
            SELECT (SELECT max(x) FROM t)::INT       | SELECT CAST((SELECT max(x) FROM t) AS INT)
            SELECT 1.5::INTEGER, NULL::INTEGER       | SELECT CAST(1.5 AS INTEGER), CAST(NULL AS INTEGER)
            SELECT x FROM t WHERE y = '5'::INT       | SELECT x FROM t WHERE y = CAST('5' AS INT)
            """)
    void writesEachCastAsACastOfItsPrimaryExpression(String sql, String expected) {
        assertThat(casts.rewrite(sql)).contains(expected);
    }

    @Test
    void leavesTextWithoutCastsAndCastsInStringsAlone() {
        assertThat(casts.rewrite("SELECT 'a::b', \"c::d\" FROM t -- e::f")).contains("SELECT 'a::b', \"c::d\" FROM t -- e::f");
        assertThat(casts.rewrite("SELECT 1")).contains("SELECT 1");
    }

    @Test
    void saysWhenItCannotTellTheOperand() {
        assertThat(casts.rewrite("SELECT ::INTEGER")).isEmpty();
        assertThat(casts.rewrite("SELECT x::INTEGER[] FROM t")).isEmpty();
        assertThat(casts.rewrite("SELECT x IN (1, 2) AND ::INT")).isEmpty();
    }
}
