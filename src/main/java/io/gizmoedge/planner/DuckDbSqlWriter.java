package io.gizmoedge.planner;

import com.google.common.collect.ImmutableSet;
import io.gizmoedge.engine.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/** Turns a relational tree into DuckDB SQL with Calcite's DuckDB dialect. */
final class DuckDbSqlWriter {
    /**
     * Calcite's DuckDB dialect, except that it says what DuckDB answers ("aggregate function calls
     * cannot be nested"): an aggregate over an aggregate's result needs a sub-query; and that DuckDB
     * names the columns of a VALUES list, {@code (VALUES (1), (2)) AS t (x)}. Calcite's dialect says it
     * does not, so the converter wrote n rows as n SELECTs in n - 1 nested UNION ALLs, and writing
     * that text out recursed once per row: a VALUES (or IN list) of 3,000 rows overflowed the stack.
     */
    private static final SqlDialect DIALECT = new DuckDBSqlDialect(DuckDBSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public boolean supportsNestedAggregations() {
            return false;
        }

        @Override
        public boolean supportsAliasedValues() {
            return true;
        }

        /**
         * A text literal as DuckDB reads it: the characters as they are between quotes (quotes
         * doubled), without Calcite's character set prefix ({@code _UTF-16LE'a\tb'}) or its
         * {@code u&'\0009'} escapes, which DuckDB cannot parse.
         */
        @Override
        public void quoteStringLiteral(StringBuilder buf, @Nullable String charsetName, String val) {
            buf.append('\'').append(val.replace("'", "''")).append('\'');
        }

        @Override
        public void quoteStringLiteralUnicode(StringBuilder buf, String val) {
            quoteStringLiteral(buf, null, val);
        }

        /**
         * Text as DuckDB's VARCHAR, without Calcite's {@code CHARACTER SET "ISO-8859-1"}, which DuckDB
         * cannot parse (a cast to text or a concatenation with a number in a GROUP BY or join), and
         * without a length, which DuckDB does not enforce either.
         */
        @Override
        public @Nullable SqlNode getCastSpec(RelDataType type) {
            if (type.getSqlTypeName() == SqlTypeName.VARCHAR || type.getSqlTypeName() == SqlTypeName.CHAR) {
                return new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, SqlParserPos.ZERO),
                        SqlParserPos.ZERO);
            }
            return super.getCastSpec(type);
        }
    };

    private DuckDbSqlWriter() {
    }

    /** The DuckDB query of {@code rel}, with the constant lists it reads defined in front (WITH). */
    static String toSql(RelNode rel) {
        RelToSqlConverter converter = new RelToSqlConverter(DIALECT);
        String query = converter.visitRoot(joinsAsDuckDbPlansThem(rel)).asStatement().toSqlString(DIALECT).getSql();
        List<ConstantList> constants = ConstantListTable.readBy(rel);
        if (constants.isEmpty()) {
            return query;
        }
        StringJoiner with = new StringJoiner(", ", "WITH ", " ");
        constants.forEach(list -> with.add(SqlNames.quote(list.name()) + " AS (" + list.duckDbSql() + ")"));
        return with + query;
    }

    /**
     * {@code SELECT CAST(field AS type) AS name, ... FROM from}: the {@code fields} (column names of
     * {@code from}) with the names and DuckDB types of {@code columns}, such as the types single-node
     * DuckDB gives, which Calcite's types cannot all express (HUGEINT, UBIGINT).
     */
    static String castColumns(List<String> fields, List<ResultColumn> columns, String from) {
        if (fields.size() != columns.size()) {
            throw new IllegalArgumentException(fields.size() + " fields for " + columns.size() + " columns");
        }
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + from);
        for (int i = 0; i < fields.size(); i++) {
            select.add("CAST(" + SqlNames.quote(fields.get(i)) + " AS " + columns.get(i).type() + ") AS "
                    + SqlNames.quote(columns.get(i).name()));
        }
        return select.toString();
    }

    /**
     * Every join in the form DuckDB plans well and the converter writes correctly: an inner join's
     * condition beyond its keys as a WHERE, semi- and anti-joins as [NOT] EXISTS. One walk, inputs
     * first, so a semi-join's right side is already rewritten when it moves into the EXISTS.
     */
    private static RelNode joinsAsDuckDbPlansThem(RelNode rel) {
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalJoin join) {
                LogicalJoin visited = (LogicalJoin) super.visit(join);
                return switch (visited.getJoinType()) {
                    case INNER -> innerJoinFilterAsWhere(visited);
                    // the converter never sees a semi- or anti-join: their own SQL is where it went wrong
                    case SEMI, ANTI -> semiJoinAsExists(visited);
                    default -> visited;
                };
            }
        });
    }

    /**
     * An inner join's condition beyond its equalities of keys goes to a WHERE above the join. The
     * same rows either way, but DuckDB derives single-table filters from a WHERE's disjunctions
     * (TPC-H Q19: the part filters of each branch, applied to the part scan before the hash join)
     * and not from an ON clause, where the whole condition is checked for each joined pair.
     */
    private static RelNode innerJoinFilterAsWhere(LogicalJoin join) {
        JoinInfo info = join.analyzeCondition();
        if (info.isEqui()) {
            return join;
        }
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        RexNode keys = info.getEquiCondition(join.getLeft(), join.getRight(), rexBuilder);
        RelNode keyJoin = join.copy(join.getTraitSet(), keys, join.getLeft(), join.getRight(), JoinRelType.INNER,
                join.isSemiJoinDone());
        return LogicalFilter.create(keyJoin, RexUtil.composeConjunction(rexBuilder, info.nonEquiConditions));
    }

    /**
     * RelToSqlConverter writes semi- and anti-joins itself, but names the outer row by an alias its
     * SELECT lacks when one such join sits over another (TPC-H Q21). Written back as the filter
     * {@code [NOT] EXISTS (SELECT … WHERE condition)} correlated with the outer row, which the
     * converter qualifies correctly, they mean the same and DuckDB plans them as semi- and anti-joins.
     */
    private static RelNode semiJoinAsExists(LogicalJoin join) {
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        CorrelationId correlation = join.getCluster().createCorrel();
        RelNode left = withUniqueNames(join.getLeft());
        RelDataType outer = left.getRowType();
        RexNode outerRow = rexBuilder.makeCorrel(outer, correlation);
        int outerFields = outer.getFieldCount();
        RexNode condition = join.getCondition().accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return ref.getIndex() < outerFields
                        ? rexBuilder.makeFieldAccess(outerRow, ref.getIndex())
                        : rexBuilder.makeInputRef(ref.getType(), ref.getIndex() - outerFields);
            }
        });
        RexNode exists = RexSubQuery.exists(LogicalFilter.create(join.getRight(), condition));
        RexNode test = join.getJoinType() == JoinRelType.SEMI ? exists : rexBuilder.makeCall(SqlStdOperatorTable.NOT, exists);
        return LogicalFilter.create(left, test, ImmutableSet.of(correlation));
    }

    /**
     * The outer row is named by its column names inside the sub-query; joined inputs may repeat a
     * name (a table read twice), so every column gets a name of its own first.
     */
    private static RelNode withUniqueNames(RelNode rel) {
        List<RexNode> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField field : rel.getRowType().getFieldList()) {
            columns.add(RexInputRef.of(field.getIndex(), rel.getRowType()));
            names.add("outer" + field.getIndex());
        }
        return LogicalProject.create(rel, List.of(), columns, names, Set.of());
    }
}
