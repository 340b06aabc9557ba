package io.gizmoedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's refusals: one line on standard error, exit 1 for an existing file and 2 for bad arguments. */
class SampleFilesCommandTest {
    @TempDir
    Path output;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = GizmoEdgeCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void refusesAnExistingFileWithoutOverwrite() throws Exception {
        Path existing = Files.createDirectories(output.resolve("ssb")).resolve("dates.parquet");
        Files.writeString(existing, "mine");
        assertThat(run("sample-files", "--dataset=ssb", "--output=" + output)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("Error: " + existing
                + " already exists; pass --overwrite to replace it (or choose another --output)");
        assertThat(Files.readString(existing)).isEqualTo("mine");
        assertThat(output.resolve("ssb/lineorder.parquet")).doesNotExist();
    }

    @Test
    void refusesBadArguments() {
        assertThat(run("sample-files", "--dataset=tpcds", "--output=" + output)).isEqualTo(2);
        assertThat(err.toString()).contains("--dataset must be ssb, tpch or all, got 'tpcds'");
        assertThat(run("sample-files", "--scale-factor=0.001", "--output=" + output)).isEqualTo(2);
        assertThat(err.toString()).contains("--scale-factor must be at least 0.01");
        assertThat(run("sample-files")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--output=DIR'");
        assertThat(output).isEmptyDirectory();
    }
}
