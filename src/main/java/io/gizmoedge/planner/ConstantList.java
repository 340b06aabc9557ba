package io.gizmoedge.planner;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.gizmoedge.engine.SqlNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * The values of a long IN list as a table of one column, {@value #COLUMN}, that every node can
 * compute: {@code x IN (1, 2, …)} is planned as {@code x IN (SELECT value FROM in_list_1)} (see
 * {@link InListExtractor}), and the table acts as a replicated one. In DuckDB SQL the table is one
 * JSON string literal cast to the column's type: DuckDB took seconds to parse 100,000 separate
 * literals (on the server and again on every worker), and milliseconds to parse one string of them.
 *
 * @param name the table's name, which no table or identifier of the statement has
 * @param duckDbType the column's DuckDB type
 * @param values the values as text that DuckDB casts to {@code duckDbType}; null for NULL
 */
record ConstantList(String name, String duckDbType, List<String> values) {
    static final String COLUMN = "value";

    ConstantList {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duckDbType, "duckDbType");
        values = Collections.unmodifiableList(new ArrayList<>(values)); // NULL is a value here
    }

    /** The row type Calcite validates against: one column, nullable only when a value is NULL. */
    RelDataType rowType(RelDataTypeFactory typeFactory) {
        RelDataType type = DuckDbTypes.toCalcite(typeFactory, duckDbType);
        return typeFactory.builder()
                .add(COLUMN, typeFactory.createTypeWithNullability(type, values.contains(null)))
                .build();
    }

    /** A DuckDB query whose rows are the values, in the column {@value #COLUMN}. */
    String duckDbSql() {
        return "SELECT CAST(unnest(from_json(" + SqlNames.literal(json()) + ", '[\"VARCHAR\"]')) AS " + duckDbType
                + ") AS " + SqlNames.quote(COLUMN);
    }

    /** The values as a JSON array of strings (and nulls). */
    private String json() {
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        StringBuilder json = new StringBuilder("[");
        for (String value : values) {
            if (json.length() > 1) {
                json.append(',');
            }
            if (value == null) {
                json.append("null");
            } else {
                json.append('"');
                encoder.quoteAsString(value, json);
                json.append('"');
            }
        }
        return json.append(']').toString();
    }

    @Override
    public String toString() {
        return "ConstantList[" + name + " " + duckDbType + ", " + values.size() + " values]";
    }
}
