package io.gizmoedge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gizmo-edge}: the one entry point; each program is a subcommand. */
@Command(name = "gizmo-edge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Gizmo Edge: a distributed OLAP database (DuckDB on every node, Arrow over TLS WebSockets).",
        subcommands = {
            BootstrapCommand.class,
            ServerCommand.class,
            WorkerCommand.class,
            ClientCommand.class,
            DemoCommand.class,
            SampleFilesCommand.class,
            BenchCommand.class,
            BenchLoadCommand.class,
            BenchFailoverCommand.class,
            VerifyMatrixCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GizmoEdgeCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with the project's conventions: one-line errors, no stack traces for bad arguments. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new GizmoEdgeCommand());
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println("Error: " + exception.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println("Error: " + CliErrors.describe(exception));
            return 1;
        });
        return commandLine;
    }
}
