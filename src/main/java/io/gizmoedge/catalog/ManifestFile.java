package io.gizmoedge.catalog;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes a {@link ShardManifest} as pretty-printed JSON. Only record components are
 * stored (derived accessors such as {@code isReplicated()} are not).
 */
public final class ManifestFile {
    /** The manifest's file name inside the shard directory. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectReader READER;
    private static final ObjectWriter WRITER;

    static {
        ObjectMapper mapper = new ObjectMapper()
                .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, Visibility.ANY)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        READER = mapper.readerFor(ShardManifest.class);
        WRITER = mapper.writerFor(ShardManifest.class);
    }

    private ManifestFile() {
    }

    /**
     * Reads the manifest at {@code file}.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException if the file cannot be read or is not a valid manifest
     */
    public static ShardManifest read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "shard manifest not found; run bootstrap to create it");
        }
        try {
            return READER.readValue(file.toFile());
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IOException("shard manifest " + file + " is not valid (" + firstLine(cause.getMessage())
                    + "); run bootstrap again with --overwrite", e);
        } catch (JsonProcessingException e) {
            throw new IOException("shard manifest " + file + " is not valid JSON (" + firstLine(e.getOriginalMessage())
                    + "); run bootstrap again with --overwrite", e);
        }
    }

    /** Writes {@code manifest} to {@code file} atomically (temporary file, then rename). */
    public static void write(Path file, ShardManifest manifest) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".manifest", ".tmp");
        try {
            WRITER.writeValue(temporary.toFile(), manifest);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The manifest as JSON text. */
    public static String toJson(ShardManifest manifest) {
        try {
            return WRITER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize manifest", e);
        }
    }

    /**
     * The first line of a (JSON parser's) error message, for one-line errors about a file; {@code "no detail"}
     * when there is no message. Also used for the user list ({@code security.UserList}).
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
