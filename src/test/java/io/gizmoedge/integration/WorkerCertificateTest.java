package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.bootstrap.BootstrapLayout;
import io.gizmoedge.cli.BootstrapCommand;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.DistributedMode;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Mutual TLS for workers on a real cluster: the server runs with {@code --worker-client-ca}, the
 * worker certificates come from {@code bootstrap --worker-certificates-only}, and real worker
 * processes connect with and without one.
 */
class WorkerCertificateTest {
    private static ClusterFiles files;
    private static BootstrapLayout certificates;
    private static LocalCluster cluster;

    @BeforeAll
    static void startServer() throws Exception {
        files = TestDataset.files();
        Path root = TestDataset.workDirectory("worker-certificates");
        certificates = BootstrapLayout.inDataDirectory(root.resolve("data"), root.resolve("tls/server.crt"),
                root.resolve("tls/server.key"));
        int exit = new CommandLine(new BootstrapCommand()).execute("--worker-certificates-only",
                "--worker-certificate=worker-a", "--tls-cert-file=" + certificates.tlsCertificateFile(),
                "--tls-key-file=" + certificates.tlsKeyFile());
        assertThat(exit).isZero();
        cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, root.resolve("cluster"), 0, 1, 1,
                List.of("--worker-client-ca", certificates.workerCaCertificateFile().toString()));
    }

    @AfterAll
    static void stopServer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWorkerWithoutACertificateIsRefusedWithAClearMessageAndStops() throws Exception {
        int number = cluster.startWorker();
        String log = awaitLog(cluster.workerLog(number), "refused user 'worker' (HTTP 403)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (workerRunning(number) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(workerRunning(number)).as("the worker stopped: retrying cannot help").isFalse();
        assertThat(log).contains("refused user 'worker' (HTTP 403)")
                .contains("the server requires a worker certificate (--worker-client-ca)")
                .contains("start the worker with --tls-certificate and --tls-key");
    }

    @Test
    void aWorkerWithACertificateOfTheCaServesShards() throws Exception {
        int number = cluster.startWorker("--tls-certificate", certificates.workerCertificateFile("worker-a").toString(),
                "--tls-key", certificates.workerKeyFile("worker-a").toString());
        try (QueryExecutor client = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 1,
                Duration.ofMinutes(3))) {
            assertThat(workerRunning(number)).as("a serving worker is seen running").isTrue();
            long distributed;
            try (QueryResult result = client.execute("SELECT count(*) FROM lineitem", QueryOptions.DEFAULT)) {
                assertThat(result.summary().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
                assertThat(result.summary().describe()).isEqualTo("distributed to 1 worker over 4 shards");
                distributed = ((Number) result.batches().get(0).getVector(0).getObject(0)).longValue();
            }
            try (QueryResult result = client.execute("SELECT count(*) FROM lineitem",
                    QueryOptions.DEFAULT.withDistributed(DistributedMode.FALSE))) {
                assertThat(distributed).isEqualTo(((Number) result.batches().get(0).getVector(0).getObject(0)).longValue())
                        .isGreaterThan(50_000);
            }
        }
    }

    private static String awaitLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            String content = Files.exists(log) ? Files.readString(log) : "";
            if (content.contains(text)) {
                return content;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the log " + log + " never said '" + text + "':\n" + content);
            }
            Thread.sleep(200);
        }
    }

    private static boolean workerRunning(int number) {
        return cluster.workerProcess(number).map(ProcessHandle::isAlive).orElse(false);
    }
}
