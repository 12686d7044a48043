package io.dnsfailover.controller.state;

import java.nio.file.Path;

/**
 * A state store that holds something dnsfailover must not use and must not overwrite: a file that does not
 * parse, a newer format. The message names the file and says what to do; the CLI exits 78 on it. Nothing
 * is ever reset on it: silently starting empty would forget operators' pins.
 */
public class StateUnusableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public StateUnusableException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** The file that cannot be used (for a database store, {@code null}). */
    public Path file() {
        return file;
    }
}
