package org.dualsip.bench.pair;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/** Reads gaps from the answers an {@link OptionsPinger} recorded. Times are {@link System#nanoTime()}. */
public final class ProbeTimeline {

    private ProbeTimeline() {
    }

    /** Arrival time of the first 2xx answer to a probe sent at or after the given time. */
    public static OptionalLong firstSuccessSentAfter(Collection<ProbeAnswer> answers, long sentAfterNanos) {
        return answers.stream()
                .filter(ProbeAnswer::success)
                .filter(a -> a.sentNanos() >= sentAfterNanos)
                .mapToLong(ProbeAnswer::receivedNanos)
                .min();
    }

    /**
     * The longest time between two consecutive 2xx answers (by arrival) where that interval overlaps
     * the window [from, to]; empty when no 2xx answer came before and after the window (the gap is
     * then unbounded as far as the timeline can tell).
     */
    public static OptionalLong longestSilence(List<ProbeAnswer> answers, long fromNanos, long toNanos) {
        List<Long> arrivals = answers.stream()
                .filter(ProbeAnswer::success)
                .map(ProbeAnswer::receivedNanos)
                .sorted(Comparator.naturalOrder())
                .toList();
        boolean before = arrivals.stream().anyMatch(t -> t <= fromNanos);
        boolean after = arrivals.stream().anyMatch(t -> t >= toNanos);
        if (!before || !after) {
            return OptionalLong.empty();
        }
        long longest = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            long start = arrivals.get(i - 1);
            long end = arrivals.get(i);
            if (end >= fromNanos && start <= toNanos) {
                longest = Math.max(longest, end - start);
            }
        }
        return OptionalLong.of(longest);
    }

    /** Answers in the window whose status is not 2xx (e.g. 503 while a node hands over). */
    public static long nonSuccessAnswers(List<ProbeAnswer> answers, long fromNanos, long toNanos) {
        return answers.stream()
                .filter(a -> !a.success())
                .filter(a -> a.receivedNanos() >= fromNanos && a.receivedNanos() <= toNanos)
                .count();
    }
}
