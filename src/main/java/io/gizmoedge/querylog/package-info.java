/**
 * The query log: one JSON line per finished statement (when, whose, where it ran and why it ran on
 * the server, rows, milliseconds; never the statement's text), written by the server with
 * {@code --query-log} and by the planner tests, and {@link io.gizmoedge.querylog.PlacementTally},
 * which sums such logs into the share of statements that ran on the server.
 */
package io.gizmoedge.querylog;
