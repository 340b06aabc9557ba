package io.gizmoedge.demo;

import io.gizmoedge.cli.GizmoEdgeCommand;
import io.gizmoedge.client.ConnectionSettings;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.client.WebSocketQueryExecutor;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.querylog.QueryLogFormat;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server and workers started as separate processes on this machine, with TLS, on a free port:
 * what the demo, the benchmark and the integration tests run against. Each process logs to a
 * file in the work directory, where the server also writes its query log ({@link #queryLog}).
 */
public final class LocalCluster implements AutoCloseable {
    private static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private final ClusterFiles files;
    private final String workerPassword;
    private final Path workDirectory;
    private final int duckDbThreads;
    private final int port;
    private final int flightPort;
    private final List<String> serverArguments;
    private Process server;
    private final Map<Integer, Process> workers = new TreeMap<>();
    private final Map<Integer, String> workerLogs = new TreeMap<>();
    private final Map<Integer, List<String>> workerOptions = new TreeMap<>();
    private final Map<Integer, Map<String, String>> workerEnvironments = new TreeMap<>();
    private int nextWorker = 1;
    private int restarts;

    private LocalCluster(ClusterFiles files, String workerPassword, Path workDirectory, int duckDbThreads,
            int serverDuckDbThreads, List<String> serverOptions) throws IOException {
        this.files = files;
        this.workerPassword = workerPassword;
        this.workDirectory = workDirectory;
        this.duckDbThreads = duckDbThreads;
        Files.createDirectories(workDirectory);
        this.port = freePort();
        int flight = freePort();
        while (flight == port) {
            flight = freePort();
        }
        this.flightPort = flight;
        List<String> arguments = new java.util.ArrayList<>(List.of("server",
                "--port", String.valueOf(port),
                "--flight-port", String.valueOf(flightPort),
                "--bind-host", "127.0.0.1",
                "--tls", files.tlsCertificate().toString(), files.tlsKey().toString(),
                "--user-list-filename", files.userList().toString(),
                "--database-file", files.database().toString(),
                "--shard-manifest-file", files.manifest().toString(),
                "--duckdb-threads", String.valueOf(serverDuckDbThreads),
                "--query-log", queryLog().toString()));
        arguments.addAll(serverOptions);
        this.serverArguments = List.copyOf(arguments);
        this.server = launch("server", serverArguments, Map.of());
    }

    /** Starts the server and {@code workerCount} workers; does not wait for them. */
    public static LocalCluster start(ClusterFiles files, String workerPassword, Path workDirectory, int workerCount,
            int duckDbThreads) throws IOException {
        return start(files, workerPassword, workDirectory, workerCount, duckDbThreads, duckDbThreads);
    }

    /**
     * Starts the server with {@code serverDuckDbThreads} DuckDB threads and {@code workerCount}
     * workers with {@code workerDuckDbThreads} each; does not wait for them. The benchmark gives
     * the server all threads: it merges while the workers wait, and runs fallback queries alone.
     */
    public static LocalCluster start(ClusterFiles files, String workerPassword, Path workDirectory, int workerCount,
            int workerDuckDbThreads, int serverDuckDbThreads) throws IOException {
        return start(files, workerPassword, workDirectory, workerCount, workerDuckDbThreads, serverDuckDbThreads, List.of());
    }

    /** As above, with further server options (such as {@code --import-path DIR}). */
    public static LocalCluster start(ClusterFiles files, String workerPassword, Path workDirectory, int workerCount,
            int workerDuckDbThreads, int serverDuckDbThreads, List<String> serverOptions) throws IOException {
        LocalCluster cluster = new LocalCluster(files, workerPassword, workDirectory, workerDuckDbThreads,
                serverDuckDbThreads, serverOptions);
        try {
            for (int i = 0; i < workerCount; i++) {
                cluster.startWorker();
            }
        } catch (IOException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public int port() {
        return port;
    }

    /** The server's Arrow Flight SQL port (gRPC over TLS). */
    public int flightPort() {
        return flightPort;
    }

    /** Starts one more worker process, with {@code extraOptions} on its command line; returns its number. */
    public synchronized int startWorker(String... extraOptions) throws IOException {
        return startWorker(Map.of(), extraOptions);
    }

    /**
     * Starts one more worker process with {@code environment} added to its environment (such as
     * {@code TZ}, the machine's time zone as the process sees it) and {@code extraOptions} on its
     * command line; returns its number. A restart keeps both.
     */
    public synchronized int startWorker(Map<String, String> environment, String... extraOptions) throws IOException {
        int number = nextWorker++;
        workerOptions.put(number, List.of(extraOptions));
        workerEnvironments.put(number, Map.copyOf(environment));
        restartWorker(number);
        return number;
    }

    /** Starts worker {@code number} again (after it was killed), with the same data directory and so the same cache. */
    public synchronized void restartWorker(int number) throws IOException {
        if (workers.containsKey(number)) {
            throw new IllegalArgumentException("worker " + number + " is still running");
        }
        String logName = workerLogs.containsKey(number) ? "worker-" + number + "-restart-" + (++restarts) : "worker-" + number;
        workerLogs.put(number, logName);
        List<String> arguments = new ArrayList<>(List.of("worker",
                "--server-hostname", "localhost",
                "--server-port", String.valueOf(port),
                "--tls-roots", files.tlsCertificate().toString(),
                "--password", workerPassword,
                "--worker-name", "worker-" + number,
                "--duckdb-threads", String.valueOf(duckDbThreads),
                "--data-directory", workerDataDirectory(number).toString()));
        arguments.addAll(workerOptions.getOrDefault(number, List.of()));
        workers.put(number, launch(logName, arguments, workerEnvironments.getOrDefault(number, Map.of())));
    }

    /** Starts again every worker this cluster started that is not running (killed ones); returns their numbers. */
    public synchronized List<Integer> restartKilledWorkers() throws IOException {
        List<Integer> killed = workerLogs.keySet().stream().filter(number -> !workers.containsKey(number)).toList();
        for (int number : killed) {
            restartWorker(number);
        }
        return killed;
    }

    /** Kills a worker process at once, as a crash would. */
    public synchronized void killWorker(int number) throws InterruptedException {
        Process worker = workers.remove(number);
        if (worker == null) {
            throw new IllegalArgumentException("no worker " + number + " is running");
        }
        worker.destroyForcibly();
        worker.waitFor();
    }

    /** Stops worker {@code number} with SIGSTOP, as a frozen machine would: its connection stays open, it answers nothing. */
    public synchronized void freezeWorker(int number) throws IOException, InterruptedException {
        Process worker = workers.get(number);
        if (worker == null) {
            throw new IllegalArgumentException("no worker " + number + " is running");
        }
        Process kill = new ProcessBuilder("kill", "-STOP", String.valueOf(worker.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -STOP " + worker.pid() + " failed");
        }
    }

    /** The process id of worker {@code number}, to observe its memory. */
    public synchronized long workerPid(int number) {
        Process worker = workers.get(number);
        if (worker == null) {
            throw new IllegalArgumentException("no worker " + number + " is running");
        }
        return worker.pid();
    }

    /** The server's process id, to observe its threads, descriptors and CPU time. */
    public synchronized long serverPid() {
        return server.pid();
    }

    /** Kills the server process at once ({@code kill -9}), as a crash would. */
    public synchronized void killServer() throws InterruptedException {
        server.destroyForcibly();
        server.waitFor();
    }

    /** Starts the server again after {@link #killServer}, with the same options and port; its log is {@code server-restart-N}. */
    public synchronized void restartServer() throws IOException {
        if (server.isAlive()) {
            throw new IllegalStateException("the server is still running");
        }
        server = launch("server-restart-" + (++restarts), serverArguments, Map.of());
    }

    /** The server process, for tests that watch it (its CPU time, whether it runs). */
    public synchronized ProcessHandle serverProcess() {
        return server.toHandle();
    }

    /** The process of worker {@code number}, unless it was never started or was killed. */
    public synchronized java.util.Optional<ProcessHandle> workerProcess(int number) {
        return java.util.Optional.ofNullable(workers.get(number)).map(Process::toHandle);
    }

    public synchronized List<Integer> workerNumbers() {
        return new ArrayList<>(workers.keySet());
    }

    /** Connection settings for a client of this cluster. */
    public ConnectionSettings clientSettings(String username, String password) {
        return new ConnectionSettings("localhost", port, true, files.tlsCertificate(), true, username, password,
                16 * 1024 * 1024);
    }

    /** Connects as {@code username} as soon as the server listens, whether or not workers are ready. */
    public QueryExecutor connect(String username, String password, Duration timeout) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IOException("the server exited with status " + server.exitValue() + "; see " + logFile("server"));
            }
            try {
                return new WebSocketQueryExecutor(clientSettings(username, password));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("could not connect to the server within " + timeout.toSeconds() + " s: "
                            + e.getMessage() + "; see " + logFile("server"), e);
                }
                Thread.sleep(250);
            }
        }
    }

    /**
     * Waits until a query over a partitioned table runs distributed on {@code expectedWorkers}
     * workers, connecting as soon as the server listens.
     */
    public QueryExecutor awaitReady(String username, String password, int expectedWorkers, Duration timeout)
            throws IOException, InterruptedException {
        return awaitReady(username, password, expectedWorkers, timeout, "SELECT count(*) FROM lineitem");
    }

    /** Waits until {@code probe} (a query over a partitioned table) runs distributed on {@code expectedWorkers}. */
    public QueryExecutor awaitReady(String username, String password, int expectedWorkers, Duration timeout, String probe)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        QueryExecutor executor = null;
        String lastState = "the server did not start listening";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("the server exited with status " + server.exitValue() + "; see "
                        + logFile("server"));
            }
            try {
                if (executor == null) {
                    executor = new WebSocketQueryExecutor(clientSettings(username, password));
                }
                try (QueryResult result = executor.execute(probe, QueryOptions.DEFAULT)) {
                    if (result.summary().location() == ExecutionLocation.DISTRIBUTED
                            && result.summary().workers() == expectedWorkers) {
                        return executor;
                    }
                    lastState = result.summary().describe();
                }
            } catch (IOException | io.gizmoedge.client.QueryFailedException e) {
                lastState = e.getMessage();
                if (executor != null) {
                    executor.close();
                    executor = null;
                }
            }
            Thread.sleep(250);
        }
        if (executor != null) {
            executor.close();
        }
        throw new IOException("the cluster was not ready after " + timeout.toSeconds() + " s: " + lastState
                + "; logs are in " + workDirectory);
    }

    /** The data directory (shard cache and database) of worker {@code number}. */
    public Path workerDataDirectory(int number) {
        return workDirectory.resolve("worker-" + number);
    }

    /** The log of the latest start of worker {@code number}. */
    public synchronized Path workerLog(int number) {
        return logFile(workerLogs.get(number));
    }

    /** The server's query log: one line per finished statement, restarts included ({@code --query-log}). */
    public Path queryLog() {
        return workDirectory.resolve("server" + QueryLogFormat.FILE_SUFFIX);
    }

    public Path logFile(String name) {
        return workDirectory.resolve(name + ".log");
    }

    private Process launch(String name, List<String> arguments, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add(ADD_OPENS);
        command.add("-Xmx2g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(GizmoEdgeCommand.class.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile(name).toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        List<Process> all = new ArrayList<>(workers.values());
        all.add(server);
        all.forEach(Process::destroy);
        for (Process process : all) {
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        workers.clear();
    }
}
