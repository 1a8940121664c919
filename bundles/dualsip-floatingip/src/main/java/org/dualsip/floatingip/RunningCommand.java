package org.dualsip.floatingip;

import java.util.concurrent.CompletableFuture;

/** A started external command. */
interface RunningCommand {

    /** Completes when the command ends (never exceptionally). */
    CompletableFuture<CommandResult> result();

    /** Whether it has ended. */
    default boolean ended() {
        return result().isDone();
    }

    /**
     * Stops the command (SIGTERM, then SIGKILL if it does not go) and returns once it has ended.
     * Harmless when it already ended.
     */
    void stop();

    /**
     * Test hook: lets go of the command as a dying JVM would (closes its standard input) without
     * stopping it.
     */
    void abandon();
}
