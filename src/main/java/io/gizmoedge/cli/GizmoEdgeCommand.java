package io.gizmoedge.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gizmo-edge}: the one entry point; each program is a subcommand. A run builds picocli's model
 * of the subcommand it names only: building all of them also ran their field initialisers (the
 * bootstrap command's configured Logback) and loaded their options' classes, work a one-shot client
 * statement does not need.
 */
@Command(name = "gizmo-edge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Gizmo Edge: a distributed OLAP database (DuckDB on every node, Arrow over TLS WebSockets).")
public final class GizmoEdgeCommand implements Runnable {
    /** The subcommands, in the order the usage help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            BootstrapCommand.class,
            ServerCommand.class,
            WorkerCommand.class,
            ClientCommand.class,
            DemoCommand.class,
            SampleFilesCommand.class,
            BenchCommand.class,
            BenchLoadCommand.class,
            BenchFailoverCommand.class,
            BenchClientStartCommand.class,
            VerifyMatrixCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine(args).execute(args));
    }

    /** The command line with every subcommand and the project's conventions: one-line errors, no stack traces for bad arguments. */
    public static CommandLine newCommandLine() {
        return withConventions(withSubcommands(SUBCOMMANDS));
    }

    /**
     * The command line for {@code args}: with only the subcommand that {@code args} starts with, when it
     * names one (other than {@code help}), none for {@code --version}, else with all of them.
     */
    public static CommandLine newCommandLine(String... args) {
        return withConventions(withSubcommands(args.length == 0 ? SUBCOMMANDS : subcommandsFor(args[0])));
    }

    /** The one subcommand named {@code firstArgument}, none for the version, or all when it names none or {@code help}. */
    static List<Class<?>> subcommandsFor(String firstArgument) {
        if (firstArgument.equals("--version") || firstArgument.equals("-V")) {
            return List.of();
        }
        return SUBCOMMANDS.stream()
                .filter(command -> command != CommandLine.HelpCommand.class
                        && command.getAnnotation(Command.class).name().equals(firstArgument))
                .findFirst()
                .<List<Class<?>>>map(List::of)
                .orElse(SUBCOMMANDS);
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new GizmoEdgeCommand());
        subcommands.forEach(commandLine::addSubcommand);
        return commandLine;
    }

    private static CommandLine withConventions(CommandLine commandLine) {
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
