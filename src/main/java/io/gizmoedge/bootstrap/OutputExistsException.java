package io.gizmoedge.bootstrap;

import java.io.IOException;
import java.nio.file.Path;

/** Bootstrap would overwrite an existing output and was not told it may. */
public final class OutputExistsException extends IOException {
    public OutputExistsException(Path file) {
        super(file + " already exists; pass --overwrite to replace it");
    }
}
