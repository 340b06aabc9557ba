package io.gizmoedge.cli;

import io.gizmoedge.client.OutputFormat;
import java.util.Locale;
import picocli.CommandLine;

/** Reads {@code --output} case-insensitively. */
final class OutputFormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
        try {
            return OutputFormat.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not an output format; use table, csv or json");
        }
    }
}
