package io.gizmoedge.cli;

import java.io.Console;

/** Asks the user for a password without echoing it. */
@FunctionalInterface
interface PasswordPrompt {

    /** The password typed, or null when there is no terminal to ask on. */
    char[] readPassword(String prompt);

    /** Asks on the process's console; null when standard input or output is not a terminal. */
    static PasswordPrompt console() {
        return prompt -> {
            Console console = System.console();
            return console == null ? null : console.readPassword("%s", prompt);
        };
    }
}
