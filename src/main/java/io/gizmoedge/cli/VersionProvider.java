package io.gizmoedge.cli;

import picocli.CommandLine;

/** The version recorded in the jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = GizmoEdgeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"Gizmo Edge " + (version == null ? "(development build)" : version),
            "Java " + System.getProperty("java.version")};
    }
}
