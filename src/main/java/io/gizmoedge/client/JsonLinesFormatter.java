package io.gizmoedge.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * JSON lines: one object per row, keys in column order. Numbers stay numbers (DECIMAL exact, in plain
 * notation), NULL is {@code null}, dates and timestamps are ISO strings.
 */
public final class JsonLinesFormatter implements ResultFormatter {
    private final ArrowValueFormatter values;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .build();

    public JsonLinesFormatter(ArrowValueFormatter values) {
        this.values = values;
    }

    @Override
    public long write(QueryResult result, long maxRows, PrintWriter out) {
        List<Field> fields = result.schema().getFields();
        JsonGenerator json = lineGenerator(out);
        long written = ResultRows.forEach(result, maxRows, (batch, row) -> {
            try {
                json.writeStartObject();
                for (int column = 0; column < fields.size(); column++) {
                    json.writeFieldName(fields.get(column).getName());
                    writeValue(json, values.jsonValue(ResultRows.column(batch, column), row));
                }
                json.writeEndObject();
                json.writeRaw('\n');
                // hands the finished line to out (without flushing out), so out only ever holds whole lines
                json.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            json.close(); // every line is already in out; leaves out open
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
        return written;
    }

    /**
     * One generator for all rows, writing into {@code out}: nothing between root objects (each object
     * is followed by a raw newline), never closing or flushing {@code out} itself.
     */
    private JsonGenerator lineGenerator(PrintWriter out) {
        try {
            JsonGenerator json = mapper.createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            json.setRootValueSeparator(null);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof BigInteger i) {
            json.writeNumber(i);
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof Float f) {
            json.writeNumber(f);
        } else {
            json.writeString(value.toString());
        }
    }
}
