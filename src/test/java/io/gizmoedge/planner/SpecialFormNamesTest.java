package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpecialFormNamesTest {
    @Test
    void quotesTheNamesOfDuckDbCallsWithAQuotedPart() {
        assertThat(SpecialFormNames.quoteDuckDbCalls("SELECT date_diff('day', a, b), DATEDIFF ( 'month',a,b) FROM t"))
                .isEqualTo("SELECT \"date_diff\"('day', a, b), \"DATEDIFF\" ( 'month',a,b) FROM t");
    }

    @Test
    void findsTheNamesOnLaterLinesAndAfterTabs() {
        assertThat(SpecialFormNames.quoteDuckDbCalls("SELECT\r\n\tx,\n\t\tdatediff('day', a, b)\rFROM t"))
                .isEqualTo("SELECT\r\n\tx,\n\t\t\"datediff\"('day', a, b)\rFROM t");
    }

    @Test
    void leavesStringsIdentifiersCommentsAndOtherFormsAlone() {
        String sql = "SELECT 'date_diff(''day'', a, b)', \"date_diff\"('day', a, b), date_diff(a, b, DAY),"
                + " date_diff_x('day', a, b), x.date_diff -- date_diff('day', a, b)\n"
                + " /* datediff('day', a, b) */ FROM t";
        assertThat(SpecialFormNames.quoteDuckDbCalls(sql)).isEqualTo(sql);
    }
}
