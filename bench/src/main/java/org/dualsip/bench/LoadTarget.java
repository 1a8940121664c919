package org.dualsip.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A system under test: its label, its SIP address, and how to read the CPU time its process has
 * used so far (empty when unknown). The CPU time per call tells the two apart even when SIPp,
 * not the system under test, is what limits the call rate.
 */
public record LoadTarget(String label, String sipTarget, Supplier<Optional<Duration>> cpuTime) {

    public static Supplier<Optional<Duration>> cpuTimeOf(Supplier<Optional<ProcessHandle>> process) {
        return () -> process.get().flatMap(p -> p.info().totalCpuDuration());
    }
}
