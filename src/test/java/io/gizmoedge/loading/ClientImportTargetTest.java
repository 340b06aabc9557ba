package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.TablePlacement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The statement a client's import amounts to, read from its table name and placement clause. */
class ClientImportTargetTest {
    private static final String ROWS = "SELECT * FROM staged";
    private final DataStatementParser parser = new DataStatementParser();

    @Test
    void withoutAPlacementItIsAnInsert() throws LoadException {
        assertThat(parser.importTarget("events", Optional.empty(), ROWS)).isEqualTo(new DataStatement.InsertInto("events", ROWS));
        assertThat(parser.importTarget("Events", Optional.empty(), ROWS)).isEqualTo(new DataStatement.InsertInto("events", ROWS));
    }

    @Test
    void withAPlacementItIsACreate() throws LoadException {
        assertThat(parser.importTarget("events", Optional.of("DISTRIBUTED BY (user_id)"), ROWS)).isEqualTo(
                new DataStatement.CreateTable("events", new TablePlacement.DistributedBy("user_id"), Optional.empty(),
                        Optional.of(ROWS), false));
        assertThat(parser.importTarget("lines", Optional.of("distributed like orders on (lines.k = orders.o_k);"), ROWS))
                .isEqualTo(new DataStatement.CreateTable("lines", new TablePlacement.DistributedLike("orders", "k", "o_k"),
                        Optional.empty(), Optional.of(ROWS), false));
        assertThat(parser.importTarget("c", Optional.of("REPLICATED"), ROWS)).isEqualTo(new DataStatement.CreateTable("c",
                new TablePlacement.Replicated(), Optional.empty(), Optional.of(ROWS), false));
    }

    @Test
    void aPlacementCannotCarryAQueryOrAnythingElse() {
        assertThatThrownBy(() -> parser.importTarget("t", Optional.of("REPLICATED AS SELECT * FROM read_csv('/etc/passwd')"),
                ROWS)).isInstanceOf(LoadException.class).hasMessage("unexpected 'AS' after REPLICATED");
        assertThatThrownBy(() -> parser.importTarget("t", Optional.of("DISTRIBUTED BY (a, b)"), ROWS))
                .hasMessage("DISTRIBUTED BY takes one column");
        assertThatThrownBy(() -> parser.importTarget("t", Optional.of("PARTITIONED BY (a)"), ROWS))
                .hasMessageStartingWith("CREATE TABLE t needs a placement");
    }

    @Test
    void theTableNameFollowsTheRulesOfStatements() {
        assertThatThrownBy(() -> parser.importTarget("s.t", Optional.empty(), ROWS))
                .hasMessageStartingWith("tables live in one schema");
        assertThatThrownBy(() -> parser.importTarget("t; DROP TABLE x", Optional.empty(), ROWS))
                .hasMessage("unexpected ';' after the table name t");
        assertThatThrownBy(() -> parser.importTarget("\"My Table\"", Optional.empty(), ROWS))
                .hasMessageStartingWith("table names are lower-case letters");
    }
}
