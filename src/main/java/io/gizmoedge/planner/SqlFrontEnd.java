package io.gizmoedge.planner;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses (Babel, PostgreSQL-like), validates against the catalog and converts a query to a
 * relational tree. Each call uses its own Calcite objects, so one instance serves many threads.
 */
final class SqlFrontEnd {
    private static final Pattern UNKNOWN_OBJECT = Pattern.compile("(?:Object|Table) '([^']*)' not found(?: within '([^']*)')?");
    private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Column '([^']*)' not found in (?:any table|table '([^']*)')");
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("No match found for function signature ([^(]+)\\(");
    /** DuckDB's own schemas: queries over them are DuckDB's business, not unknown tables. */
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "main", "system", "temp");
    private static final Pattern FIRST_WORDS = Pattern.compile("^\\s*([A-Za-z]+)(?:\\s+([A-Za-z]+))?");
    private static final Set<String> STATEMENT_KEYWORDS = Set.of(
            "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT", "COMMIT", "COPY", "CREATE", "DEALLOCATE",
            "DELETE", "DETACH", "DROP", "EXECUTE", "EXPLAIN", "EXPORT", "IMPORT", "INSERT", "INSTALL", "LOAD",
            "MERGE", "PRAGMA", "PREPARE", "RESET", "ROLLBACK", "SET", "SUMMARIZE", "TRUNCATE", "UPDATE", "USE",
            "VACUUM", "DESCRIBE", "SHOW");
    private static final Set<String> OBJECT_KEYWORDS = Set.of(
            "TABLE", "VIEW", "SCHEMA", "INDEX", "SEQUENCE", "MACRO", "FUNCTION", "TYPE", "DATABASE", "SECRET", "INTO");

    /**
     * The deepest nesting of the parsed statement the planner follows: DuckDB's own default limit on
     * expression depth ({@code max_expression_depth}). Deeper statements run on the server, where
     * DuckDB answers or refuses them in its words.
     */
    static final int MAX_NESTING = 1_000;
    /** The functions the planner knows: Calcite's standard ones, then DuckDB's. */
    private static final SqlOperatorTable FUNCTIONS =
            SqlOperatorTables.chain(SqlStdOperatorTable.instance(), DuckDbFunctions.operatorTable());
    private static final Logger LOG = LoggerFactory.getLogger(SqlFrontEnd.class);

    private final Catalog catalog;
    private final InListExtractor inListExtractor = new InListExtractor();
    private final InfixCasts infixCasts = new InfixCasts();
    private final GroupByAll groupByAll = new GroupByAll(FUNCTIONS);

    SqlFrontEnd(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A validated query as a relational tree. */
    record ConvertedQuery(RelRoot root) {
    }

    ConvertedQuery convert(String sql) throws QueryRefusedException, NotDistributableException {
        SchemaPlus schema = CatalogSchema.create(catalog);
        try (Planner planner = Frameworks.getPlanner(frameworkConfig(schema))) {
            SqlNode parsed = parse(planner, sql);
            if (SqlNesting.depth(parsed) > MAX_NESTING) {
                // beyond DuckDB's own limit; Calcite would recurse (and take its time) level by level
                throw NotDistributableException.tooDeeplyNested();
            }
            String text = sql.toLowerCase(Locale.ROOT);
            InListExtractor.Extraction extraction = inListExtractor.extract(parsed,
                    name -> catalog.table(name).isEmpty() && !text.contains(name));
            if (extraction.notDistributable().isPresent()) {
                throw new NotDistributableException(extraction.notDistributable().get());
            }
            extraction.constants().forEach(constants -> schema.add(constants.name(), new ConstantListTable(constants)));
            SqlNode validated = validate(planner, extraction.statement());
            try {
                return new ConvertedQuery(planner.rel(validated));
            } catch (RelConversionException | RuntimeException e) {
                if (overflowed(e)) {
                    throw NotDistributableException.tooDeeplyNested();
                }
                LOG.info("the planner could not translate a query: {}", firstLine(e));
                throw new NotDistributableException("the planner could not translate the query");
            }
        }
    }

    private SqlNode parse(Planner planner, String sql) throws QueryRefusedException, NotDistributableException {
        if (IntegerDivisionOperator.isUsedIn(sql)) {
            refuseIfNotAQuery(sql);
            throw new NotDistributableException(IntegerDivisionOperator.REASON);
        }
        Optional<String> withCasts = infixCasts.rewrite(stripTrailingSemicolons(sql));
        if (withCasts.isEmpty()) {
            refuseIfNotAQuery(sql);
            throw new NotDistributableException(InfixCasts.REASON);
        }
        SqlNode parsed;
        try {
            parsed = planner.parse(SpecialFormNames.quoteDuckDbCalls(GroupByAll.mark(withCasts.get())));
        } catch (SqlParseException e) {
            refuseIfNotAQuery(sql);
            if (overflowed(e)) {
                throw NotDistributableException.tooDeeplyNested();
            }
            // DuckDB's dialect is wider than Babel's (FROM-first, EXCLUDE, lambdas): DuckDB decides,
            // and gives its own syntax error when the text is not SQL at all
            throw new NotDistributableException("the planner cannot parse this query (" + firstLine(e)
                    + "); DuckDB runs it on the server");
        }
        if (!parsed.getKind().belongsTo(SqlKind.QUERY)) {
            throw new QueryRefusedException("only queries are accepted: "
                    + parsed.getKind().sql.replace('_', ' ') + " is not allowed");
        }
        parsed = groupByAll.expand(parsed);
        Optional<String> constantCast = ConstantCasts.find(parsed);
        if (constantCast.isPresent()) {
            throw new NotDistributableException("the planner leaves this cast of a constant to DuckDB, which computes"
                    + " it its own way: " + firstLine(constantCast.get()));
        }
        return parsed.accept(AS_DUCKDB_READS_IT);
    }

    /**
     * What the parser builds, read as DuckDB reads it. CHAR(n) and VARCHAR(n) are text of any length:
     * Calcite would pad and cut to n (folding {@code CAST('BUILDING' AS CHAR(3))} to 'BUI'), where
     * DuckDB keeps the text whole. {@code date_part} is DuckDB's ({@link DuckDbFunctions#DATE_PART}).
     */
    private static final SqlShuttle AS_DUCKDB_READS_IT = new SqlShuttle() {
        @Override
        public SqlNode visit(SqlCall call) {
            SqlNode visited = super.visit(call);
            if (visited instanceof SqlCall visitedCall && visitedCall.getOperator() == SqlLibraryOperators.DATE_PART) {
                return DuckDbFunctions.DATE_PART.createCall(visitedCall.getParserPosition(), visitedCall.getOperandList());
            }
            return visited;
        }

        @Override
        public SqlNode visit(SqlDataTypeSpec type) {
            if (type.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic) {
                SqlTypeName name = SqlTypeName.get(basic.getTypeName().getSimple().toUpperCase(Locale.ROOT));
                if (name == SqlTypeName.CHAR || name == SqlTypeName.VARCHAR) {
                    return new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, type.getParserPosition()),
                            type.getParserPosition());
                }
            }
            return type;
        }
    };

    private SqlNode validate(Planner planner, SqlNode parsed) throws QueryRefusedException, NotDistributableException {
        try {
            return planner.validate(parsed);
        } catch (ValidationException | RuntimeException e) {
            if (overflowed(e)) {
                throw NotDistributableException.tooDeeplyNested();
            }
            Throwable root = rootCause(e);
            if (!(root instanceof SqlValidatorException || root instanceof CalciteException)) {
                // not the validator's message about the query but a failure inside it: no Java text for users
                LOG.info("the planner could not validate a query: {}", root.toString());
                throw new NotDistributableException("the planner does not understand the query");
            }
            String message = root.getMessage() == null ? "" : root.getMessage();
            Matcher object = UNKNOWN_OBJECT.matcher(message);
            if (object.find() && !SYSTEM_SCHEMAS.contains(object.group(1).toLowerCase(Locale.ROOT))) {
                String name = object.group(2) == null ? object.group(1) : object.group(2) + "." + object.group(1);
                throw new QueryRefusedException("table '" + name + "' does not exist");
            }
            Matcher column = UNKNOWN_COLUMN.matcher(message);
            if (column.find()) {
                // DuckDB finds names Calcite does not (a select item's alias in WHERE): it answers, or says what is wrong
                throw new NotDistributableException("the planner cannot find column '" + column.group(1) + "'"
                        + (column.group(2) == null ? "" : " in table '" + column.group(2) + "'"));
            }
            Matcher function = UNKNOWN_FUNCTION.matcher(message);
            if (function.find()) {
                throw new NotDistributableException("the planner does not know the function " + function.group(1));
            }
            throw new NotDistributableException("the planner does not understand the query: " + firstLine(message));
        }
    }

    /** DuckDB statements Babel cannot parse still get the "not a query" answer rather than a syntax error. */
    private static void refuseIfNotAQuery(String sql) throws QueryRefusedException {
        Matcher words = FIRST_WORDS.matcher(sql);
        if (!words.find()) {
            return;
        }
        String first = words.group(1).toUpperCase(Locale.ROOT);
        if (!STATEMENT_KEYWORDS.contains(first)) {
            return;
        }
        String second = words.group(2) == null ? "" : words.group(2).toUpperCase(Locale.ROOT);
        String statement = OBJECT_KEYWORDS.contains(second) ? first + " " + second : first;
        throw new QueryRefusedException("only queries are accepted: " + statement + " is not allowed");
    }

    /**
     * Babel's conformance with a strict GROUP BY, as DuckDB's: a select item outside aggregates must
     * be computed from the grouping. Calcite's lenient GROUP BY wraps other items in ANY_VALUE, and
     * its check fails on a CASE (COALESCE included) outside an aggregate, which would send every
     * {@code SELECT CASE ... END, count(*) ... GROUP BY 1} to the server.
     */
    private static final SqlConformance CONFORMANCE = new SqlDelegatingConformance(SqlConformanceEnum.BABEL) {
        @Override
        public boolean isNonStrictGroupBy() {
            return false;
        }
    };

    /** Calcite's Babel parser as the planner configures it (PostgreSQL-like, unquoted names lower-cased). */
    static SqlParser.Config parserConfig() {
        return SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withConformance(CONFORMANCE)
                .withUnquotedCasing(Casing.TO_LOWER)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false);
    }

    private static FrameworkConfig frameworkConfig(SchemaPlus schema) {
        SqlParser.Config parserConfig = parserConfig();
        SqlValidator.Config validatorConfig = SqlValidator.Config.DEFAULT
                .withConformance(CONFORMANCE)
                .withDefaultNullCollation(NullCollation.LAST)
                .withIdentifierExpansion(true);
        SqlToRelConverter.Config converterConfig = SqlToRelConverter.config()
                .withExpand(false)
                .withTrimUnusedFields(true);
        // Frameworks' planner takes null collation and conformance from the connection config,
        // overriding the validator config: DuckDB sorts NULLs last in both directions
        Properties connection = new Properties();
        connection.setProperty(CalciteConnectionProperty.DEFAULT_NULL_COLLATION.camelName(), NullCollation.LAST.name());
        connection.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(), SqlConformanceEnum.BABEL.name());
        connection.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        // the connection config names its conformance by an enum constant: this one gives the planner's own
        CalciteConnectionConfigImpl connectionConfig = new CalciteConnectionConfigImpl(connection) {
            @Override
            public SqlConformance conformance() {
                return CONFORMANCE;
            }
        };
        return Frameworks.newConfigBuilder()
                .context(Contexts.of(connectionConfig))
                .parserConfig(parserConfig)
                .sqlValidatorConfig(validatorConfig)
                .sqlToRelConverterConfig(converterConfig)
                .operatorTable(FUNCTIONS)
                .typeSystem(DuckDbTypeSystem.INSTANCE)
                .defaultSchema(schema)
                .build();
    }

    /** {@code sql} without surrounding white space and trailing semicolons. */
    static String stripTrailingSemicolons(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** True when {@code e} is, or was caused by, a stack overflow (Calcite wraps some in its own exceptions). */
    private static boolean overflowed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    /** The first line of the exception's message; never the exception's class name. */
    static String firstLine(Throwable e) {
        return e.getMessage() == null ? "no details" : firstLine(e.getMessage());
    }

    static String firstLine(String message) {
        String line = message.strip();
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline).strip();
    }
}
