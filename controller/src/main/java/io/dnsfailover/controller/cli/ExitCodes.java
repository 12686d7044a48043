package io.dnsfailover.controller.cli;

/** The exit codes of every command (DESIGN §7). */
public final class ExitCodes {

    /** Success; for {@code check}, also when targets are down: that is information. */
    public static final int OK = 0;
    /** Something failed at run time. */
    public static final int FAILURE = 1;
    /** {@code plan --detailed-exitcode} found pending changes. */
    public static final int CHANGES_PENDING = 2;
    /** A safety rail refused; {@code --force} would override. */
    public static final int REFUSED = 3;
    /** The command line is wrong. */
    public static final int USAGE = 64;
    /** The config is wrong. */
    public static final int CONFIG = 78;

    private ExitCodes() {}
}
