package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlNameScanTest {

    @Test
    void namesAreReadOutsideStringsAndComments() {
        assertThat(SqlNameScan.names("SELECT \"A\"\"b\", 'current_setting(''x'')' FROM t -- getenv()\n WHERE 1e5 < Y"))
                .contains(List.of("select", "a\"b", "from", "t", "where", "e5", "y"));
    }

    @Test
    void aLineCommentEndsAtACarriageReturnAsInDuckDb() {
        assertThat(SqlNameScan.names("SELECT 1 -- note\r, current_setting('x')")).contains(
                List.of("select", "current_setting"));
    }

    /** Texts whose reading a short scanner could get wrong: DuckDB's parser decides about them. */
    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1; SELECT 2", "SELECT E'\\'', 1", "SELECT $$x$$", "SELECT U&\"\\0061\"",
        "SELECT 1 /* x */", "SELECT 'é'", "SELECT 'open", "SELECT \"open"})
    void textsItCannotReadExactlyGetNoAnswer(String sql) {
        assertThat(SqlNameScan.names(sql)).isEmpty();
    }
}
