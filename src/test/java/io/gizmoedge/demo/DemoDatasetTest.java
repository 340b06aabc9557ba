package io.gizmoedge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.samples.SampleDataset;
import io.gizmoedge.samples.SampleTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each demo dataset's load statements read the files its sample dataset writes, and create the tables its queries use. */
class DemoDatasetTest {
    private static final Pattern FILE = Pattern.compile("read_(parquet|csv|json)\\('([^']+)'\\)");
    private static final Pattern CREATE = Pattern.compile("^CREATE TABLE (\\w+) ");

    @ParameterizedTest
    @EnumSource(value = DemoDataset.class, names = {"SSB", "TPCH_FILES"})
    void loadStatementsReadTheSampleFilesAndCreateOneTableEach(DemoDataset dataset) throws Exception {
        SampleDataset sample = dataset.sampleFiles().orElseThrow();
        List<String> written = sample.files().stream().map(t -> sample.directoryName() + "/" + t.fileName()).toList();
        List<String> read = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (String statement : dataset.loadStatements()) {
            Matcher file = FILE.matcher(statement);
            assertThat(file.find()).as(statement).isTrue();
            read.add(file.group(2));
            Matcher create = CREATE.matcher(statement);
            assertThat(create.find()).as(statement).isTrue();
            created.add(create.group(1));
        }
        assertThat(written).containsAll(read);
        assertThat(created).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sample.files().stream().map(SampleTable::name).distinct().toList());
        assertThat(read).as("at least one load shows read_csv or read_json")
                .anyMatch(path -> path.endsWith(".csv") || path.endsWith(".json"));
        for (NamedQuery query : dataset.queries().all()) {
            assertThat(query.sql()).as(query.name()).isNotBlank();
        }
        assertThat(Path.of(dataset.cliName()).getNameCount()).isEqualTo(1);
    }

    @Test
    void namesOnTheCommandLine() {
        assertThat(DemoDataset.fromCliName("tpch")).isEqualTo(DemoDataset.TPCH);
        assertThat(DemoDataset.fromCliName("SSB")).isEqualTo(DemoDataset.SSB);
        assertThat(DemoDataset.fromCliName("tpch-files")).isEqualTo(DemoDataset.TPCH_FILES);
        assertThat(DemoDataset.TPCH.loadStatements()).isEmpty();
        assertThat(DemoDataset.TPCH.sampleFiles()).isEmpty();
        assertThatThrownBy(() -> DemoDataset.fromCliName("tpcds")).hasMessage(
                "'tpcds' is not a demo dataset; use tpch, ssb or tpch-files");
    }
}
