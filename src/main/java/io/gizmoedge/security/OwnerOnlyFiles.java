package io.gizmoedge.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files that only their owner may read (secrets such as private keys and password hashes). */
final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    /**
     * Writes {@code content} to {@code file} through a temporary file created owner-only (where
     * the file system supports POSIX permissions) and renamed into place, replacing any old file.
     */
    static void write(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary;
        if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            temporary = Files.createTempFile(parent, ".secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            temporary = Files.createTempFile(parent, ".secret", ".tmp");
        }
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
