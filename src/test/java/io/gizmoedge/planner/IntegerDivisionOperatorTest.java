package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntegerDivisionOperatorTest {
    @Test
    void findsTheOperatorBabelWouldReadAsAComment() {
        assertThat(IntegerDivisionOperator.isUsedIn("SELECT count(*) FROM t WHERE x < 5 // 2")).isTrue();
        assertThat(IntegerDivisionOperator.isUsedIn("SELECT a//b,\n c FROM t")).isTrue();
    }

    @Test
    void leavesSlashesInStringsAndQuotedIdentifiersAlone() {
        assertThat(IntegerDivisionOperator.isUsedIn("SELECT count(*) FROM t WHERE url LIKE 'https://%' AND x / 2 > 1"))
                .isFalse();
        assertThat(IntegerDivisionOperator.isUsedIn("SELECT \"a//b\" FROM t")).isFalse();
        assertThat(IntegerDivisionOperator.isUsedIn("SELECT 'it''s // here' FROM t")).isFalse();
    }

    @Test
    void takesSlashesInCommentsForTheOperator() {
        assertThat(IntegerDivisionOperator.isUsedIn("SELECT 1 -- see http://example.com\nFROM t")).isTrue();
    }
}
