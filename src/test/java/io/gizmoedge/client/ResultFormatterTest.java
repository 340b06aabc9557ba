package io.gizmoedge.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every formatter over one result holding each Arrow type the server sends, with a row of NULLs. */
class ResultFormatterTest {
    private RootAllocator allocator;
    private QueryResult result;

    @BeforeEach
    void buildResult() {
        allocator = new RootAllocator();
        Schema schema = new Schema(List.of(
                field("i", new ArrowType.Int(32, true)),
                field("big", new ArrowType.Int(64, true)),
                field("price", new ArrowType.Decimal(15, 2, 128)),
                field("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("day", new ArrowType.Date(DateUnit.DAY)),
                field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("tstz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                field("s", ArrowType.Utf8.INSTANCE),
                field("b", ArrowType.Bool.INSTANCE)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        ((IntVector) root.getVector("i")).setSafe(0, -42);
        ((BigIntVector) root.getVector("big")).setSafe(0, 9_000_000_000L);
        ((DecimalVector) root.getVector("price")).setSafe(0, new BigDecimal("1234567890123.50"));
        ((Float8Vector) root.getVector("d")).setSafe(0, 0.1);
        ((DateDayVector) root.getVector("day")).setSafe(0, (int) LocalDate.of(1998, 12, 1).toEpochDay());
        long micros = LocalDate.of(2024, 2, 29).toEpochDay() * 86_400_000_000L + 3_723_000_500L;
        ((TimeStampMicroVector) root.getVector("ts")).setSafe(0, micros);
        ((TimeStampMicroTZVector) root.getVector("tstz")).setSafe(0, micros);
        ((VarCharVector) root.getVector("s")).setSafe(0, "say \"hi\", bye".getBytes(StandardCharsets.UTF_8));
        ((BitVector) root.getVector("b")).setSafe(0, 1);
        for (int column = 0; column < schema.getFields().size(); column++) {
            root.getVector(column).setNull(1);
        }
        root.setRowCount(2);
        result = new QueryResult(schema, List.of(root), TestResults.SUMMARY);
    }

    @AfterEach
    void releaseMemory() {
        result.close();
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    private static String render(ResultFormatter formatter, QueryResult result, long maxRows) {
        StringWriter text = new StringWriter();
        formatter.write(result, maxRows, new PrintWriter(text));
        return text.toString();
    }

    @Test
    void valueFormatterRendersEachTypeExactly() {
        ArrowValueFormatter values = new ArrowValueFormatter();
        VectorSchemaRoot root = result.batches().get(0);
        assertThat(root.getFieldVectors()).extracting(vector -> values.format(vector, 0)).containsExactly(
                "-42", "9000000000", "1234567890123.50", "0.1", "1998-12-01", "2024-02-29 01:02:03.0005",
                "2024-02-29 01:02:03.0005+00", "say \"hi\", bye", "true");
        assertThat(root.getFieldVectors()).extracting(vector -> values.format(vector, 1)).containsOnlyNulls();
    }

    @Test
    void doublesUseTheShortestDigits() {
        ArrowValueFormatter values = new ArrowValueFormatter();
        try (Float8Vector vector = new Float8Vector("d", allocator)) {
            vector.allocateNew(3);
            vector.set(0, 2e23);
            vector.set(1, 1.0 / 3);
            vector.set(2, Double.NaN);
            vector.setValueCount(3);
            assertThat(values.format(vector, 0)).isEqualTo("2.0E23");
            assertThat(values.format(vector, 1)).isEqualTo("0.3333333333333333");
            assertThat(values.format(vector, 2)).isEqualTo("NaN");
        }
    }

    @Test
    void tableAlignsNumbersRightAndShowsNull() {
        String table = render(new TableFormatter(new ArrowValueFormatter()), result, 0);
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).containsExactly(
                "    i |        big |            price |    d | day        | ts                       "
                        + "| tstz                        | s             | b",
                "------+------------+------------------+------+------------+--------------------------"
                        + "+-----------------------------+---------------+------",
                "  -42 | 9000000000 | 1234567890123.50 |  0.1 | 1998-12-01 | 2024-02-29 01:02:03.0005 "
                        + "| 2024-02-29 01:02:03.0005+00 | say \"hi\", bye | true",
                " NULL |       NULL |             NULL | NULL | NULL       | NULL                     "
                        + "| NULL                        | NULL          | NULL");
    }

    @Test
    void tableWritesAtMostMaxRows() {
        try (QueryResult many = TestResults.numbered(allocator, 5)) {
            StringWriter text = new StringWriter();
            long written = new TableFormatter(new ArrowValueFormatter()).write(many, 2, new PrintWriter(text));
            assertThat(written).isEqualTo(2);
            assertThat(text.toString().lines()).containsExactly(
                    " n | name", "---+-------", " 1 | row 1", " 2 | row 2");
        }
    }

    @Test
    void footerCountsRowsAndOmissions() {
        assertThat(ResultFooter.describe(3, 3, 12)).isEqualTo("(3 rows, 12 ms)");
        assertThat(ResultFooter.describe(1, 1, 0)).isEqualTo("(1 row, 0 ms)");
        assertThat(ResultFooter.describe(1000, 100, 7)).isEqualTo(
                "(1000 rows, 7 ms; showing the first 100, 900 omitted: raise --max-result-set-rows to see more)");
    }

    @Test
    void csvQuotesPerRfc4180AndLeavesNullEmpty() {
        String csv = render(new CsvFormatter(new ArrowValueFormatter()), result, 0);
        assertThat(csv).isEqualTo("i,big,price,d,day,ts,tstz,s,b\r\n"
                + "-42,9000000000,1234567890123.50,0.1,1998-12-01,2024-02-29 01:02:03.0005,"
                + "2024-02-29 01:02:03.0005+00,\"say \"\"hi\"\", bye\",true\r\n"
                + ",,,,,,,,\r\n");
        assertThat(CsvFormatter.quote("")).isEqualTo("\"\"");
        assertThat(CsvFormatter.quote("a\nb")).isEqualTo("\"a\nb\"");
        assertThat(CsvFormatter.quote("plain")).isEqualTo("plain");
    }

    @Test
    void jsonLinesKeepNumbersExactAndNullsNull() {
        String json = render(new JsonLinesFormatter(new ArrowValueFormatter()), result, 0);
        assertThat(json.lines()).containsExactly(
                "{\"i\":-42,\"big\":9000000000,\"price\":1234567890123.50,\"d\":0.1,\"day\":\"1998-12-01\","
                        + "\"ts\":\"2024-02-29 01:02:03.0005\",\"tstz\":\"2024-02-29 01:02:03.0005+00\","
                        + "\"s\":\"say \\\"hi\\\", bye\",\"b\":true}",
                "{\"i\":null,\"big\":null,\"price\":null,\"d\":null,\"day\":null,\"ts\":null,\"tstz\":null,"
                        + "\"s\":null,\"b\":null}");
    }

    @Test
    void jsonLinesAreOneObjectAndOneNewlinePerRowWithNothingBetween() {
        String first = "{\"i\":-42,\"big\":9000000000,\"price\":1234567890123.50,\"d\":0.1,\"day\":\"1998-12-01\","
                + "\"ts\":\"2024-02-29 01:02:03.0005\",\"tstz\":\"2024-02-29 01:02:03.0005+00\","
                + "\"s\":\"say \\\"hi\\\", bye\",\"b\":true}\n";
        String second = "{\"i\":null,\"big\":null,\"price\":null,\"d\":null,\"day\":null,\"ts\":null,\"tstz\":null,"
                + "\"s\":null,\"b\":null}\n";
        assertThat(render(new JsonLinesFormatter(new ArrowValueFormatter()), result, 0)).isEqualTo(first + second);
        assertThat(render(new JsonLinesFormatter(new ArrowValueFormatter()), result, 1)).isEqualTo(first);
    }
}
