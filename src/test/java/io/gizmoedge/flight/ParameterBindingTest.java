package io.gizmoedge.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class ParameterBindingTest {
    @Test
    void placeholdersOutsideQuotesAndCommentsAreCounted() {
        assertThat(ParameterBinding.count("SELECT ? , '?' , \"?\" -- ?\n, /* ? */ ?")).isEqualTo(2);
        assertThat(ParameterBinding.count("SELECT 'it''s ?' , ?")).isEqualTo(1);
    }

    @Test
    void valuesBecomeLiteralsThatCannotChangeTheStatement() throws Exception {
        assertThat(ParameterBinding.substitute("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?",
                List.of("'x'' OR 1=1 --'", "42")))
                .isEqualTo("SELECT * FROM t WHERE a = 'x'' OR 1=1 --' AND b = '?' AND c = 42");
        assertThatThrownBy(() -> ParameterBinding.substitute("SELECT ?", List.of()))
                .hasMessage("the statement has 1 parameters but 0 values were bound");
    }

    @Test
    void arrowValuesAsLiterals() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                VarCharVector text = new VarCharVector("text", allocator);
                IntVector integer = new IntVector("integer", allocator);
                BigIntVector big = new BigIntVector("big", allocator);
                DecimalVector decimal = new DecimalVector("decimal", allocator, 15, 2);
                Float8Vector real = new Float8Vector("real", allocator);
                DateDayVector date = new DateDayVector("date", allocator)) {
            text.setSafe(0, "O'Brien".getBytes(StandardCharsets.UTF_8));
            integer.setSafe(0, 7);
            big.setNull(0);
            decimal.setSafe(0, new BigDecimal("12.50"));
            real.setSafe(0, 0.5);
            date.setSafe(0, 9204); // 1995-03-15
            try (VectorSchemaRoot root = VectorSchemaRoot.of(text, integer, big, decimal, real, date)) {
                root.setRowCount(1);
                assertThat(ParameterBinding.literals(root, 0)).containsExactly("'O''Brien'", "7", "NULL", "12.50",
                        "CAST('0.5' AS DOUBLE)", "DATE '1995-03-15'");
            }
        }
    }
}
