package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {

    @Test
    void oneLinePerQueryWithEveryTimedRun() {
        List<String> lines = new CsvReport().render(Reports.sample()).lines().toList();
        assertThat(lines).hasSize(5); // q03's note holds a quoted line break
        assertThat(lines.get(0)).isEqualTo(String.join(",", CsvReport.HEADER));
        assertThat(lines.get(1)).isEqualTo(
                "q01,110.0,55.0,2.00,41.0,distributed,2,4,true,n/a,n/a,100.0;120.0;110.0,50.0;60.0;55.0,");
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuoted() {
        String csv = new CsvReport().render(Reports.sample());
        assertThat(csv).contains("q02,30.0,60.0,0.50,90.0,server,0,0,true,n/a,n/a,30.0,60.0,\"correlated subquery, a, b\"\n");
        assertThat(csv).contains("q03,n/a,12.0,n/a,n/a,failed,n/a,n/a,n/a,n/a,n/a,,12.0,\"worker lost\nsecond line\"\n");
        assertThat(CsvReport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvReport.field("plain")).isEqualTo("plain");
    }
}
