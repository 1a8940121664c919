package org.dualsip.floatingip;

import java.util.List;

/**
 * How an external command ended.
 *
 * @param command  the command line as run (without the test-only prefix)
 * @param exitCode the exit status, or -1 when it was stopped (timed out or stopped on purpose)
 * @param stdout   what it printed on standard output
 * @param stderr   what it printed on standard error
 * @param timedOut whether it was stopped because it ran past its time limit
 */
record CommandResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    CommandResult {
        command = List.copyOf(command);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** E.g. "'ip addr add 10.0.0.9/24 dev eth0' exited 2: RTNETLINK answers: File exists". */
    String describe() {
        String outcome = timedOut ? "did not finish in time" : "exited " + exitCode;
        String detail = !stderr.isBlank() ? stderr.strip() : stdout.strip();
        return "'" + String.join(" ", command) + "' " + outcome + (detail.isEmpty() ? "" : ": " + oneLine(detail));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", "; ");
    }
}
