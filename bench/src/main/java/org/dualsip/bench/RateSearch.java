package org.dualsip.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest call rate that passes: doubles the rate from a start until a step fails (or a
 * cap is reached), then bisects between the last pass and the first failure. Bounded in steps and
 * in wall time, so a benchmark run always ends.
 */
public final class RateSearch {

    /** Runs one load step at a rate and says whether it passed. */
    @FunctionalInterface
    public interface Step {
        StepOutcome run(int rate) throws Exception;
    }

    /** What one step found. */
    public record StepOutcome(int rate, boolean passed, String detail) { }

    /**
     * @param bestRate  the highest passing rate (0 when none passed)
     * @param steps     every step, in order
     * @param capped    true when the highest rate tried passed: the figure is a lower bound
     * @param cutShort  true when the step or time budget ended the search early
     */
    public record Result(int bestRate, List<StepOutcome> steps, boolean capped, boolean cutShort) { }

    /**
     * @param startRate  first rate tried
     * @param maxRate    no rate above this is tried
     * @param resolution the search stops when the pass/fail gap is below this fraction of the pass
     *                   (or below {@code minRate})
     * @param minRate    the lowest rate worth trying
     * @param maxSteps   bound on steps
     * @param budget     bound on wall time (checked before each step)
     */
    public record Limits(int startRate, int maxRate, double resolution, int minRate, int maxSteps, Duration budget) {
        public Limits {
            if (startRate < 1 || maxRate < startRate || minRate < 1 || maxSteps < 1) {
                throw new IllegalArgumentException("bad rate search limits");
            }
        }
    }

    private final Limits limits;

    public RateSearch(Limits limits) {
        this.limits = limits;
    }

    public Result search(Step step) throws Exception {
        long deadline = System.nanoTime() + limits.budget().toNanos();
        List<StepOutcome> steps = new ArrayList<>();
        int passed = 0;
        int failed = Integer.MAX_VALUE;
        int rate = limits.startRate();
        while (true) {
            if (steps.size() >= limits.maxSteps() || System.nanoTime() > deadline) {
                return new Result(passed, steps, false, true);
            }
            StepOutcome outcome = step.run(rate);
            steps.add(outcome);
            if (outcome.passed()) {
                passed = Math.max(passed, rate);
            } else {
                failed = Math.min(failed, rate);
            }
            if (failed == Integer.MAX_VALUE && passed >= limits.maxRate()) {
                return new Result(passed, steps, true, false);
            }
            int next = nextRate(passed, failed);
            if (next < 0) {
                return new Result(passed, steps, false, false);
            }
            rate = next;
        }
    }

    /** The next rate to try, or -1 when the search has converged. */
    int nextRate(int passed, int failed) {
        if (failed == Integer.MAX_VALUE) {
            return Math.min(passed * 2, limits.maxRate());
        }
        int gap = failed - passed;
        int precision = Math.max(limits.minRate(), (int) Math.ceil(passed * limits.resolution()));
        int middle = passed + gap / 2;
        if (gap <= precision || middle < limits.minRate()) {
            return -1;
        }
        return middle;
    }
}
