package io.gizmoedge.cli;

import io.gizmoedge.client.ClientOutput;
import io.gizmoedge.client.ConnectionSettings;
import io.gizmoedge.client.ErrorMessages;
import io.gizmoedge.client.OutputFormat;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryExecutorFactory;
import io.gizmoedge.client.ScriptRunner;
import io.gizmoedge.client.ScriptSource;
import io.gizmoedge.client.Shell;
import io.gizmoedge.client.ShellSession;
import io.gizmoedge.client.StatementRunner;
import io.gizmoedge.client.StatementSplitter;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gizmo-edge client}: the interactive shell, or with {@code -c}/{@code -f} a script runner whose
 * standard output carries only results. Exit status: 0 success, 1 a statement or the connection failed,
 * 2 bad usage.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Connects to a Gizmo Edge server and runs SQL.",
                "Without -c or -f it opens an interactive shell; type .help there."},
        sortOptions = false)
public final class ClientCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = ScriptRunner.STATEMENT_FAILED;
    static final int EXIT_USAGE = 2;
    static final long DEFAULT_TABLE_ROWS = 100;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server-hostname", defaultValue = "${env:SERVER_HOSTNAME:-localhost}",
            description = "Server host (env SERVER_HOSTNAME, default: ${DEFAULT-VALUE}).")
    private String serverHostname;

    @Option(names = "--server-port", defaultValue = "${env:SERVER_PORT:-8765}",
            description = "Server port (env SERVER_PORT, default: ${DEFAULT-VALUE}).")
    private int serverPort;

    @Option(names = "--tls", negatable = true, defaultValue = "${env:TLS:-true}", fallbackValue = "true",
            description = "Connect with TLS; --no-tls for plain WebSocket (env TLS, default: ${DEFAULT-VALUE}).")
    private boolean tls;

    @Option(names = "--tls-roots", paramLabel = "FILE", defaultValue = "${env:TLS_ROOTS:-tls/server.crt}",
            description = "PEM certificates to trust; empty trusts the JDK's roots "
                    + "(env TLS_ROOTS, default: ${DEFAULT-VALUE}).")
    private String tlsRoots;

    @Option(names = "--tls-verify", negatable = true, defaultValue = "${env:TLS_VERIFY:-true}",
            fallbackValue = "true",
            description = "Verify the server's certificate (env TLS_VERIFY, default: ${DEFAULT-VALUE}).")
    private boolean tlsVerify;

    @Option(names = "--username", defaultValue = "${env:CLIENT_USERNAME:-scott}",
            description = "User name (env CLIENT_USERNAME, default: ${DEFAULT-VALUE}).")
    private String username;

    @Option(names = "--password", defaultValue = "${env:CLIENT_PASSWORD}",
            description = "Password (env CLIENT_PASSWORD); asked for without echo when absent.")
    private String password;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormatConverter.class,
            description = "table, csv or json (JSON lines). With csv or json standard output carries only "
                    + "rows; messages go to standard error. Default: ${DEFAULT-VALUE}.")
    private OutputFormat output;

    @Option(names = "--max-result-set-rows", paramLabel = "N", defaultValue = "${env:MAX_RESULT_SET_ROWS}",
            description = "Most rows shown per result; 0 shows all (env MAX_RESULT_SET_ROWS, "
                    + "default: 100 for table output, all for csv and json).")
    private Long maxResultSetRows;

    @Option(names = "--max-websocket-message-size", paramLabel = "BYTES",
            defaultValue = "${env:MAX_WEBSOCKET_MESSAGE_SIZE:-16777216}",
            description = "Largest WebSocket message accepted (env MAX_WEBSOCKET_MESSAGE_SIZE, "
                    + "default: ${DEFAULT-VALUE}).")
    private long maxWebsocketMessageSize;

    @ArgGroup(exclusive = true, multiplicity = "0..*", heading = "Script (runs in the order given, stops at the first failure):%n")
    private List<ScriptArgument> scripts = new ArrayList<>();

    /** One {@code -c SQL} or {@code -f FILE}; picocli keeps them in command-line order. */
    static final class ScriptArgument {
        @Option(names = "-c", paramLabel = "SQL", required = true, description = "Run SQL (repeatable).")
        String sql;

        @Option(names = "-f", paramLabel = "FILE", required = true,
                description = "Run the statements of FILE ('-' reads standard input).")
        String file;
    }

    private final QueryExecutorFactory executorFactory;
    private final PasswordPrompt passwordPrompt;

    /** The production command: connects over WebSocket and asks for a missing password on the console. */
    public ClientCommand() {
        this(QueryExecutorFactory.webSocket(), PasswordPrompt.console());
    }

    /** For tests: a fake server connection and password prompt. */
    ClientCommand(QueryExecutorFactory executorFactory, PasswordPrompt passwordPrompt) {
        this.executorFactory = Objects.requireNonNull(executorFactory, "executorFactory");
        this.passwordPrompt = Objects.requireNonNull(passwordPrompt, "passwordPrompt");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ScriptSource> sources;
        ConnectionSettings settings;
        try {
            sources = readScripts();
            settings = connectionSettings();
        } catch (UsageProblem e) {
            return report(err, e.getMessage(), e.exitCode);
        }
        QueryExecutor executor;
        try {
            executor = executorFactory.connect(settings);
        } catch (IOException | RuntimeException e) {
            return report(err, "cannot connect to " + settings.clientEndpoint() + ": " + ErrorMessages.describe(e)
                    + ". Check that the server is running and that --server-hostname, --server-port, --tls and "
                    + "--tls-roots match it.", EXIT_FAILED);
        }
        try (executor) {
            return sources.isEmpty() ? runShell(executor, settings) : runScripts(executor, sources, out, err);
        } catch (IOException e) {
            return report(err, "cannot open the terminal for the shell (" + ErrorMessages.describe(e)
                    + "); use -c or -f to run SQL without one", EXIT_FAILED);
        }
    }

    private static int report(PrintWriter err, String message, int exitCode) {
        err.println("Error: " + message);
        err.flush();
        return exitCode;
    }

    private int runScripts(QueryExecutor executor, List<ScriptSource> sources, PrintWriter out, PrintWriter err) {
        ClientOutput clientOutput = ClientOutput.forFormat(output, out, err);
        StatementRunner runner = new StatementRunner(executor, output.formatter(), maxRows(), clientOutput);
        return new ScriptRunner(runner, new StatementSplitter(), QueryOptions.DEFAULT, clientOutput).run(sources);
    }

    private int runShell(QueryExecutor executor, ConnectionSettings settings) throws IOException {
        try (Terminal terminal = Shell.systemTerminal()) {
            PrintWriter writer = terminal.writer();
            StatementRunner runner =
                    new StatementRunner(executor, output.formatter(), maxRows(), ClientOutput.single(writer));
            ShellSession session = new ShellSession(runner, QueryOptions.DEFAULT, settings.describe(),
                    outputDescription(), writer);
            writer.println("Connected to " + settings.describe() + ". Type .help for help, .quit to leave.");
            writer.flush();
            // while a statement runs, Ctrl-C cancels it (while a line is typed, the line reader handles Ctrl-C)
            terminal.handle(Terminal.Signal.INT, signal -> executor.cancelRunning());
            new Shell(terminal, Shell.defaultHistoryFile(), session).run();
        }
        return EXIT_OK;
    }

    /** The effective row limit: the option, else 100 for tables and all rows for csv and json. */
    long maxRows() {
        if (maxResultSetRows != null) {
            return Math.max(0, maxResultSetRows);
        }
        return output == OutputFormat.TABLE ? DEFAULT_TABLE_ROWS : 0;
    }

    private String outputDescription() {
        long rows = maxRows();
        return output.name().toLowerCase(java.util.Locale.ROOT) + ", "
                + (rows == 0 ? "all rows shown" : "at most " + rows + " rows shown per result");
    }

    /** The connection settings, asking for the password when none was given. */
    private ConnectionSettings connectionSettings() throws UsageProblem {
        Path roots = tlsRoots == null || tlsRoots.isBlank() ? null : Path.of(tlsRoots);
        if (tls && tlsVerify && roots != null && !Files.isReadable(roots)) {
            throw new UsageProblem(EXIT_FAILED, "cannot read the TLS roots file " + roots.toAbsolutePath()
                    + "; run 'gizmo-edge bootstrap' to create it, pass --tls-roots=FILE (empty for the JDK's "
                    + "roots), or --no-tls-verify");
        }
        String secret = password;
        if (secret == null) {
            char[] typed = passwordPrompt.readPassword("Password for " + username + ": ");
            if (typed == null) {
                throw new UsageProblem(EXIT_USAGE,
                        "no password given and no terminal to ask for one; pass --password or set CLIENT_PASSWORD");
            }
            secret = new String(typed);
        }
        try {
            return new ConnectionSettings(serverHostname, serverPort, tls, roots, tlsVerify, username, secret,
                    maxWebsocketMessageSize);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(EXIT_USAGE, e.getMessage());
        }
    }

    private List<ScriptSource> readScripts() throws UsageProblem {
        List<ScriptSource> sources = new ArrayList<>();
        int commandNumber = 0;
        for (ScriptArgument script : scripts) {
            if (script.sql != null) {
                commandNumber++;
                sources.add(new ScriptSource("-c #" + commandNumber, script.sql));
            } else {
                sources.add(new ScriptSource(script.file, readScript(script.file)));
            }
        }
        return sources;
    }

    private static String readScript(String file) throws UsageProblem {
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageProblem(EXIT_FAILED, "cannot read the script " + file + " (" + ErrorMessages.describe(e)
                    + "); check the path given to -f");
        }
    }

    /** A problem with the command line or its files, reported before connecting. */
    private static final class UsageProblem extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        UsageProblem(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
