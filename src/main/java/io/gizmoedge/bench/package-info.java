/**
 * The TPC-H benchmark ({@code gizmo-edge bench}) and the answer matrix check
 * ({@code gizmo-edge verify-matrix}): a local cluster against single-node DuckDB on the same
 * data. Timing lives here and in the report, never in unit tests.
 */
package io.gizmoedge.bench;
