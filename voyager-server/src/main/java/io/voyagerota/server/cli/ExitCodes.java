package io.voyagerota.server.cli;

/** The command line's exit codes. */
final class ExitCodes {
    /** Success, or the inspected file is valid. */
    static final int OK = 0;
    /** The inspected file is invalid, or the operation failed. */
    static final int FAILED = 1;
    /** The command line itself was wrong (picocli's own code for usage errors). */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
