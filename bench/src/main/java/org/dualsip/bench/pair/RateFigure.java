package org.dualsip.bench.pair;

import java.util.Optional;

import org.dualsip.bench.RateSearch;

/**
 * One target's highest passing call rate and the CPU time its (active) JVM, and for a pair the
 * passive's JVM, spent per call at that rate.
 */
public record RateFigure(String label, RateSearch.Result search, Optional<Double> cpuMicrosPerCall,
        Optional<Double> passiveCpuMicrosPerCall) {

    public int rate() {
        return search.bestRate();
    }

    /** "", or why the figure is a bound rather than a converged result. */
    public String qualifier() {
        if (search.capped()) {
            return "  # lower bound: the highest rate tried passed";
        }
        return search.cutShort() ? "  # search cut short by its step/time budget" : "";
    }
}
