package org.dualsip.floatingip;

import java.time.Duration;
import java.util.List;
import org.dualsip.api.address.AddressException;

/**
 * Runs the external tools of the linux driver ({@code ip}, {@code arping}, {@code ndptool}).
 * Every call is bounded in time; a command that cannot be started at all (tool missing) is an
 * {@link AddressException}, a command that ran and failed is a {@link CommandResult} to inspect.
 */
interface CommandRunner {

    /** Runs to the end, or stops the command after {@code timeout} ({@link CommandResult#timedOut()}). */
    CommandResult run(List<String> command, Duration timeout) throws AddressException;

    /**
     * Starts a command and returns as soon as it prints a line starting with {@code linePrefix} on
     * standard output, or ends, or {@code timeout} passes (then it is stopped and reported timed out).
     * Used for tools that act at once but linger afterwards (arping waits a second after its last
     * packet).
     */
    RunningCommand startUntilLine(List<String> command, String linePrefix, Duration timeout) throws AddressException;

    /**
     * Starts a long-lived command whose standard input stays open until {@link RunningCommand#stop()},
     * or until this JVM dies: the command sees end-of-file then (the dead-man's switch that removes
     * the address when the node dies without releasing it).
     */
    RunningCommand startWithOpenInput(List<String> command) throws AddressException;
}
