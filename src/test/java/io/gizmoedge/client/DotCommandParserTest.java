package io.gizmoedge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.protocol.DistributedMode;
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
                .hasMessageStartingWith("unknown setting 'colour'; the settings are distributed and summarize");
        assertThatThrownBy(() -> parser.parse(".set distributed"))
                .hasMessageStartingWith("usage: .set distributed = true|false|force");
        assertThatThrownBy(() -> parser.parse(".frobnicate"))
                .hasMessage("unknown command '.frobnicate'; type .help for the list of commands");
        assertThatThrownBy(() -> parser.parse(".show everything"))
                .hasMessage(".show takes no arguments, not 'everything'");
    }
}
