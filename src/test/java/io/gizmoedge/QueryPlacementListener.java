package io.gizmoedge;

import io.gizmoedge.querylog.PlacementReport;
import io.gizmoedge.querylog.PlacementTally;
import io.gizmoedge.querylog.QueryLogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of a test run, sums the query logs written under {@code target/} during the run (the
 * servers of the integration tests' clusters and the planner tests, {@link io.gizmoedge.querylog}) and
 * reports the share of statements that ran on the server, per cause, in {@value #REPORT} and on
 * standard output. Registered in META-INF/services. A run that logged nothing reports 0 statements,
 * so that the report never is an earlier run's.
 */
public final class QueryPlacementListener implements TestExecutionListener {
    static final Path ROOT = Path.of("target");
    static final String REPORT = "target/query-placement.md";

    private Instant started = Instant.now();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        // file times may be kept in whole seconds
        started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            QueryLogFiles.Entries read = new QueryLogFiles().readSince(ROOT, started);
            String report = new PlacementReport().markdown("Statements of this test run that ran on the server",
                    PlacementTally.of(read.entries(), read.unreadableLines()));
            Files.writeString(Path.of(REPORT), report);
            System.out.println(report);
        } catch (IOException e) {
            System.err.println("could not write the query placement report " + REPORT + ": " + e);
        }
    }
}
