package org.dualsip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RateSearchTest {

    private static RateSearch.Step capacity(int limit) {
        return rate -> new RateSearch.StepOutcome(rate, rate <= limit, "");
    }

    private static RateSearch search(int start, int max) {
        return new RateSearch(new RateSearch.Limits(start, max, 0.05, 5, 20, Duration.ofMinutes(1)));
    }

    @Test
    void convergesBelowTheCapacityWithinTheResolution() throws Exception {
        RateSearch.Result result = search(100, 6400).search(capacity(1234));
        assertTrue(result.bestRate() <= 1234, "never reports a failing rate: " + result.bestRate());
        assertTrue(result.bestRate() >= 1234 * 0.94, "close to the capacity: " + result.bestRate());
        assertFalse(result.capped());
        assertFalse(result.cutShort());
    }

    @Test
    void rampsByDoublingThenBisects() throws Exception {
        List<Integer> rates = search(100, 6400).search(capacity(500)).steps().stream()
                .map(RateSearch.StepOutcome::rate).toList();
        assertEquals(List.of(100, 200, 400, 800, 600, 500, 550, 525), rates);
    }

    @Test
    void searchesDownwardsWhenTheStartRateFails() throws Exception {
        RateSearch.Result result = search(100, 6400).search(capacity(30));
        assertTrue(result.bestRate() > 0 && result.bestRate() <= 30, "found " + result.bestRate());
    }

    @Test
    void reportsZeroWhenNothingPasses() throws Exception {
        RateSearch.Result result = search(100, 6400).search(capacity(0));
        assertEquals(0, result.bestRate());
        assertTrue(result.steps().stream().allMatch(s -> s.rate() >= 5), "never below the minimum rate");
    }

    @Test
    void stopsAtTheCapAndSaysTheFigureIsALowerBound() throws Exception {
        RateSearch.Result result = search(20, 20).search(capacity(1000));
        assertEquals(20, result.bestRate());
        assertEquals(1, result.steps().size());
        assertTrue(result.capped());
    }

    @Test
    void isBoundedInSteps() throws Exception {
        RateSearch bounded = new RateSearch(new RateSearch.Limits(100, 6400, 0.0001, 1, 3, Duration.ofMinutes(1)));
        RateSearch.Result result = bounded.search(capacity(777));
        assertEquals(3, result.steps().size());
        assertTrue(result.cutShort());
        assertEquals(400, result.bestRate());
    }
}
