package io.gizmoedge.integration;

import java.math.BigInteger;
import java.util.List;

/**
 * The answer of {@code SELECT count(*), sum(a.id) FROM t a JOIN t b ON a.k = b.k} over a table of
 * ids 0 to {@code rows - 1} with {@code k = id % keys}, computed without a database: every pair of
 * rows with one key matches, and the sum is over the left side's ids.
 */
final class ModuloSelfJoin {
    private ModuloSelfJoin() {
    }

    static List<String> expected(long rows, long keys) {
        long matches = 0;
        BigInteger ids = BigInteger.ZERO;
        for (long key = 0; key < keys; key++) {
            long rowsOfKey = 0;
            long idSum = 0;
            for (long id = key; id < rows; id += keys) {
                rowsOfKey++;
                idSum += id;
            }
            matches += rowsOfKey * rowsOfKey;
            ids = ids.add(BigInteger.valueOf(idSum).multiply(BigInteger.valueOf(rowsOfKey)));
        }
        return List.of(Long.toString(matches), ids.toString());
    }
}
