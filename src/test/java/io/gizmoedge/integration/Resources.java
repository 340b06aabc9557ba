package io.gizmoedge.integration;

/** Closing what a test class opened, in order, whichever of it was opened. */
final class Resources {
    private Resources() {
    }

    /** Closes every resource that is not null, in the order given; the first failure is thrown after all were tried. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
