package io.gizmoedge.client;

import io.gizmoedge.protocol.DistributedMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses shell commands: {@code .set NAME = VALUE} (the {@code =} is optional), {@code .show},
 * {@code .import TABLE FROM 'PATH' [PLACEMENT]}, {@code .help}, {@code .quit}, {@code .exit}. A trailing semicolon is allowed. Bad input raises
 * {@link IllegalArgumentException} with a message that says what to type instead.
 */
public final class DotCommandParser {
    private static final Pattern SET = Pattern.compile("(\\w+)\\s*(?:=\\s*|\\s+)(\\S+)");
    private static final Pattern IMPORT = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)\\s+(?i:FROM)\\s+'((?:[^']|'')*)'(?:\\s+(.*))?", Pattern.DOTALL);
    private static final Pattern PLACEMENT_START = Pattern.compile("(?i)(DISTRIBUTED|REPLICATED)\\b.*", Pattern.DOTALL);
    static final String IMPORT_USAGE = ".import TABLE FROM 'PATH' [DISTRIBUTED BY (column)"
            + " | DISTRIBUTED LIKE parent ON (TABLE.column = parent.column) | REPLICATED]";
    static final String SET_USAGE = ".set distributed = true|false|force  or  .set summarize = true|false"
            + "  or  .set timeout = 30s|none";

    /** Whether {@code line} is a shell command rather than SQL. */
    public boolean isCommand(String line) {
        return line.strip().startsWith(".");
    }

    public DotCommand parse(String line) {
        String text = line.strip();
        if (!text.startsWith(".")) {
            throw new IllegalArgumentException("shell commands start with a dot; type .help for the list");
        }
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        String[] parts = text.substring(1).split("\\s+", 2);
        String name = parts[0].toLowerCase(Locale.ROOT);
        String arguments = parts.length > 1 ? parts[1].strip() : "";
        return switch (name) {
            case "set" -> parseSet(arguments);
            case "show" -> noArguments(name, arguments, new DotCommand.Show());
            case "help" -> noArguments(name, arguments, new DotCommand.Help());
            case "explain" -> new DotCommand.Explain(arguments);
            case "import" -> parseImport(arguments);
            case "quit", "exit" -> noArguments(name, arguments, new DotCommand.Quit());
            default -> throw new IllegalArgumentException(
                    "unknown command '." + parts[0] + "'; type .help for the list of commands");
        };
    }

    private static DotCommand noArguments(String name, String arguments, DotCommand command) {
        if (!arguments.isEmpty()) {
            throw new IllegalArgumentException("." + name + " takes no arguments, not '" + arguments + "'");
        }
        return command;
    }

    /**
     * {@code TABLE FROM 'PATH' [PLACEMENT]}: the path is a single-quoted string ({@code ''} stands for
     * a quote); the placement is checked here only for its first word, the server reads the rest.
     */
    private static DotCommand parseImport(String arguments) {
        Matcher matcher = IMPORT.matcher(arguments);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("usage: " + IMPORT_USAGE + " (the path in single quotes)");
        }
        String path = matcher.group(2).replace("''", "'");
        if (path.isBlank()) {
            throw new IllegalArgumentException("the path of .import is empty; usage: " + IMPORT_USAGE);
        }
        String placement = matcher.group(3) == null ? "" : matcher.group(3).strip();
        if (!placement.isEmpty() && !PLACEMENT_START.matcher(placement).matches()) {
            throw new IllegalArgumentException("unexpected '" + placement + "' after the path; to create the table say"
                    + " where its rows go: DISTRIBUTED BY (column), DISTRIBUTED LIKE parent ON (...) or REPLICATED");
        }
        return new DotCommand.Import(matcher.group(1), path,
                placement.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(placement));
    }

    private static DotCommand parseSet(String arguments) {
        Matcher matcher = SET.matcher(arguments);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("usage: " + SET_USAGE);
        }
        String setting = matcher.group(1).toLowerCase(Locale.ROOT);
        String value = matcher.group(2);
        return switch (setting) {
            case "distributed" -> new DotCommand.SetDistributed(DistributedMode.parse(value));
            case "summarize" -> new DotCommand.SetSummarize(parseBoolean("summarize", value));
            case "timeout" -> new DotCommand.SetTimeout(parseTimeout(value));
            default -> throw new IllegalArgumentException(
                    "unknown setting '" + matcher.group(1) + "'; the settings are distributed, summarize and timeout ("
                            + SET_USAGE + ")");
        };
    }

    /** A timeout such as {@code 30s}; {@code none} or {@code 0} for none. */
    private static java.time.Duration parseTimeout(String value) {
        if (value.equalsIgnoreCase("none")) {
            return java.time.Duration.ZERO;
        }
        return io.gizmoedge.protocol.DurationText.parse(value);
    }

    private static boolean parseBoolean(String setting, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(setting + " must be true or false, not '" + value + "'");
        };
    }
}
