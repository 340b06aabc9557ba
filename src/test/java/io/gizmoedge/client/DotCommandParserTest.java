package io.gizmoedge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.protocol.DistributedMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DotCommandParserTest {
    private final DotCommandParser parser = new DotCommandParser();

    @Test
    void parsesSetWithOrWithoutEqualsAndSemicolon() {
        assertThat(parser.parse(".set distributed = force"))
                .isEqualTo(new DotCommand.SetDistributed(DistributedMode.FORCE));
        assertThat(parser.parse(".set distributed=false;"))
                .isEqualTo(new DotCommand.SetDistributed(DistributedMode.FALSE));
        assertThat(parser.parse("  .SET Distributed TRUE ; ")).isEqualTo(new DotCommand.SetDistributed(DistributedMode.TRUE));
        assertThat(parser.parse(".set summarize = false")).isEqualTo(new DotCommand.SetSummarize(false));
        assertThat(parser.parse(".set summarize = true;")).isEqualTo(new DotCommand.SetSummarize(true));
        assertThat(parser.parse(".set timeout = 30s")).isEqualTo(new DotCommand.SetTimeout(java.time.Duration.ofSeconds(30)));
        assertThat(parser.parse(".set timeout = 1.5m")).isEqualTo(new DotCommand.SetTimeout(java.time.Duration.ofSeconds(90)));
        assertThat(parser.parse(".set timeout = none")).isEqualTo(new DotCommand.SetTimeout(java.time.Duration.ZERO));
    }

    @Test
    void parsesTheOtherCommands() {
        assertThat(parser.parse(".show")).isEqualTo(new DotCommand.Show());
        assertThat(parser.parse(".help;")).isEqualTo(new DotCommand.Help());
        assertThat(parser.parse(".quit")).isEqualTo(new DotCommand.Quit());
        assertThat(parser.parse(".exit;")).isEqualTo(new DotCommand.Quit());
    }

    @Test
    void badValuesSayWhatIsAllowed() {
        assertThatThrownBy(() -> parser.parse(".set distributed = maybe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("distributed must be true, false or force, not 'maybe'");
        assertThatThrownBy(() -> parser.parse(".set summarize = yes"))
                .hasMessage("summarize must be true or false, not 'yes'");
        assertThatThrownBy(() -> parser.parse(".set colour = red"))
                .hasMessageStartingWith("unknown setting 'colour'; the settings are distributed, summarize and timeout");
        assertThatThrownBy(() -> parser.parse(".set timeout = soon"))
                .hasMessage("'soon' is not a duration; write it like 30s, 500ms, 2m or 1h");
        assertThatThrownBy(() -> parser.parse(".set distributed"))
                .hasMessageStartingWith("usage: .set distributed = true|false|force");
        assertThatThrownBy(() -> parser.parse(".frobnicate"))
                .hasMessage("unknown command '.frobnicate'; type .help for the list of commands");
        assertThatThrownBy(() -> parser.parse(".show everything"))
                .hasMessage(".show takes no arguments, not 'everything'");
    }

    @Test
    void parsesImportWithAndWithoutPlacement() {
        assertThat(parser.parse(".import events FROM 'local/*.parquet'"))
                .isEqualTo(new DotCommand.Import("events", "local/*.parquet", Optional.empty()));
        assertThat(parser.parse(".IMPORT events from '/tmp/x/*.csv' DISTRIBUTED BY (user_id);"))
                .isEqualTo(new DotCommand.Import("events", "/tmp/x/*.csv", Optional.of("DISTRIBUTED BY (user_id)")));
        assertThat(parser.parse(".import lines FROM 'l.json'  distributed like orders ON (lines.k = orders.k)  "))
                .isEqualTo(new DotCommand.Import("lines", "l.json", Optional.of("distributed like orders ON (lines.k = orders.k)")));
        assertThat(parser.parse(".import countries FROM 'it''s here.ndjson' REPLICATED"))
                .isEqualTo(new DotCommand.Import("countries", "it's here.ndjson", Optional.of("REPLICATED")));
        assertThat(parser.parse(".import t FROM 'a;b.csv';"))
                .isEqualTo(new DotCommand.Import("t", "a;b.csv", Optional.empty()));
    }

    @Test
    void badImportsSayTheForm() {
        assertThatThrownBy(() -> parser.parse(".import events"))
                .hasMessageStartingWith("usage: .import TABLE FROM 'PATH' [DISTRIBUTED BY (column)");
        assertThatThrownBy(() -> parser.parse(".import events FROM local/*.parquet"))
                .hasMessageContaining("(the path in single quotes)");
        assertThatThrownBy(() -> parser.parse(".import events FROM 'x.parquet"))
                .hasMessageStartingWith("usage: .import");
        assertThatThrownBy(() -> parser.parse(".import my.events FROM 'x.parquet'"))
                .hasMessageStartingWith("usage: .import");
        assertThatThrownBy(() -> parser.parse(".import events FROM ''"))
                .hasMessageStartingWith("the path of .import is empty");
        assertThatThrownBy(() -> parser.parse(".import events FROM 'x.parquet' PARTITIONED BY (id)"))
                .hasMessage("unexpected 'PARTITIONED BY (id)' after the path; to create the table say where its rows go:"
                        + " DISTRIBUTED BY (column), DISTRIBUTED LIKE parent ON (...) or REPLICATED");
        assertThatThrownBy(() -> parser.parse(".import events FROM 'x.parquet' REPLICATEDX"))
                .hasMessageStartingWith("unexpected 'REPLICATEDX'");
    }
}
