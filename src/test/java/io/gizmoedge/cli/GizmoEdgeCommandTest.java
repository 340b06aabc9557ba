package io.gizmoedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GizmoEdgeCommandTest {

    @Test
    void aRunNamingASubcommandBuildsThatSubcommandOnly() {
        CommandLine commandLine = GizmoEdgeCommand.newCommandLine("client", "-c", "SELECT 1");
        assertThat(commandLine.getSubcommands()).containsOnlyKeys("client");
    }

    @Test
    void helpNoArgumentsAndUnknownNamesBuildEverySubcommand() {
        int all = GizmoEdgeCommand.newCommandLine().getSubcommands().size();
        assertThat(all).isGreaterThan(10);
        assertThat(GizmoEdgeCommand.newCommandLine().getSubcommands()).containsKeys("client", "server",
                "bench-client-start", "help");
        assertThat(GizmoEdgeCommand.newCommandLine("help", "client").getSubcommands()).hasSize(all);
        assertThat(GizmoEdgeCommand.newCommandLine("no-such-command").getSubcommands()).hasSize(all);
        assertThat(GizmoEdgeCommand.newCommandLine(new String[0]).getSubcommands()).hasSize(all);
    }

    @Test
    void theVersionNeedsNoSubcommand() {
        assertThat(GizmoEdgeCommand.newCommandLine("--version").getSubcommands()).isEmpty();
    }

    @Test
    void aSubcommandAloneKeepsItsQualifiedName() {
        CommandLine client = GizmoEdgeCommand.newCommandLine("client").getSubcommands().get("client");
        assertThat(client.getCommandSpec().qualifiedName()).isEqualTo("gizmo-edge client");
    }

    @Test
    void everySubcommandsHelpRendersWithoutPicocliWarnings() {
        // A lone '%' in a description is a format specifier to picocli: it warns on stderr and prints the raw text.
        PrintStream standardError = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine subcommand : GizmoEdgeCommand.newCommandLine().getSubcommands().values()) {
                assertThat(subcommand.getUsageMessage()).isNotBlank();
            }
        } finally {
            System.setErr(standardError);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
