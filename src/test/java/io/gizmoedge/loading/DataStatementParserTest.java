package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.TablePlacement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataStatementParserTest {

    @Test
    void columnNamesAreQuotedSoReservedWordsAreNames() throws Exception {
        DataStatement.CreateTable create = (DataStatement.CreateTable) new DataStatementParser().parse(
                "CREATE TABLE empty_events (user_id BIGINT, at TIMESTAMP, \"Order\" DECIMAL(10, 2) NOT NULL,"
                        + " s STRUCT(a INTEGER, b VARCHAR)) DISTRIBUTED BY (user_id)").orElseThrow();
        assertThat(create.columnDefinitions()).contains(
                "\"user_id\" BIGINT, \"at\" TIMESTAMP, \"Order\" DECIMAL(10, 2) NOT NULL, \"s\" STRUCT(a INTEGER, b VARCHAR)");
        assertThat(create.placement()).isEqualTo(new TablePlacement.DistributedBy("user_id"));
        assertThat(create.ifNotExists()).isFalse();
    }

    @Test
    void ifNotExistsIsKept() throws Exception {
        DataStatement.CreateTable create = (DataStatement.CreateTable) new DataStatementParser().parse(
                "create table if not exists t replicated as select 1 as x").orElseThrow();
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.query()).contains("select 1 as x");
    }

    @Test
    void tableConstraintsAndDanglingCommasAreRefused() {
        assertThatThrownBy(() -> new DataStatementParser().parse("CREATE TABLE t (a INTEGER, PRIMARY KEY (a)) REPLICATED"))
                .isInstanceOf(LoadException.class).hasMessageContaining("table constraints (PRIMARY) are not supported");
        assertThatThrownBy(() -> new DataStatementParser().parse("CREATE TABLE t (a INTEGER,) REPLICATED"))
                .isInstanceOf(LoadException.class).hasMessageContaining("end with a ','");
        assertThatThrownBy(() -> new DataStatementParser().parse("CREATE TABLE t () REPLICATED"))
                .isInstanceOf(LoadException.class).hasMessageContaining("are empty");
    }

    @Test
    void analyzeAndShowStatsNameATable() throws Exception {
        DataStatementParser parser = new DataStatementParser();
        assertThat(parser.parse("ANALYZE")).contains(new DataStatement.Analyze(Optional.empty()));
        assertThat(parser.parse("analyse Events;")).contains(new DataStatement.Analyze(Optional.of("events")));
        assertThat(parser.parse("SHOW STATS FOR orders")).contains(new DataStatement.ShowStats("orders"));
        assertThatThrownBy(() -> parser.parse("ANALYZE orders (o_custkey)")).isInstanceOf(LoadException.class);
        assertThatThrownBy(() -> parser.parse("SHOW STATS orders")).isInstanceOf(LoadException.class)
                .hasMessageContaining("SHOW STATS FOR table");
    }

    @Test
    void queriesAreNotDataStatements() throws Exception {
        assertThat(new DataStatementParser().parse("SELECT 1")).isEqualTo(Optional.empty());
        assertThat(new DataStatementParser().parse("DESCRIBE SELECT 1")).isEqualTo(Optional.empty());
    }
}
