package io.gizmoedge.planner;

import com.google.common.math.LongMath;
import io.gizmoedge.catalog.ColumnStatistics;
import io.gizmoedge.catalog.TableDefinition;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Estimates how many distinct combinations some fields of a relation take (the groups of a GROUP
 * BY), from the statistics loads measured ({@link ColumnStatistics}): the product of each field's
 * distinct values (NULL counting as one), at most the rows of the tables the fields come from and
 * at most the rows Calcite estimates for the relation (its filters count with Calcite's default
 * selectivities). Only fields that are catalog columns as they are (not expressions of them) have an
 * estimate.
 */
final class GroupCountEstimator {
    private final Catalog catalog;

    GroupCountEstimator(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The estimated number of distinct combinations of {@code fields} of {@code rel}; empty when unknown. */
    OptionalLong distinctCombinations(RelNode rel, Collection<Integer> fields) {
        RelMetadataQuery metadata = rel.getCluster().getMetadataQuery();
        long combinations = 1;
        long rows = 0;
        for (int field : fields) {
            Set<RelColumnOrigin> origins = metadata.getColumnOrigins(rel, field);
            if (origins == null || origins.isEmpty()) {
                return OptionalLong.empty();
            }
            long values = 0; // a column of several tables (a UNION) takes at most the values of all of them
            for (RelColumnOrigin origin : origins) {
                Optional<Measured> measured = measured(origin);
                if (origin.isDerived() || measured.isEmpty()) {
                    return OptionalLong.empty();
                }
                ColumnStatistics statistics = measured.get().statistics();
                values = LongMath.saturatedAdd(values, statistics.distinctValues() + (statistics.nullValues() > 0 ? 1 : 0));
                rows = Math.max(rows, measured.get().table().rowCount());
            }
            combinations = LongMath.saturatedMultiply(combinations, values);
        }
        // after filters, with Calcite's default selectivities
        OptionalLong estimatedRows = DistributionAnalyzer.estimatedRows(rel);
        long cap = estimatedRows.isPresent() ? Math.min(rows, estimatedRows.getAsLong()) : rows;
        return OptionalLong.of(fields.isEmpty() ? 1 : Math.min(combinations, cap));
    }

    private record Measured(TableDefinition table, ColumnStatistics statistics) {
    }

    private Optional<Measured> measured(RelColumnOrigin origin) {
        return catalog.table(origin.getOriginTable()).flatMap(table -> catalog.column(origin)
                .flatMap(definition -> definition.measured()).map(statistics -> new Measured(table, statistics)));
    }
}
