package org.dualsip.bench.connector;

import java.util.Collection;

/**
 * Nearest-rank percentiles of a set of latencies in microseconds.
 *
 * @param count samples
 * @param p50   median
 * @param p99   99th percentile
 * @param max   largest
 */
record Percentiles(int count, long p50, long p99, long max) {

    static Percentiles of(Collection<Long> micros) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Percentiles(0, -1, -1, -1);
        }
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return count == 0 ? "no samples" : String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d calls)",
                p50 / 1000.0, p99 / 1000.0, max / 1000.0, count);
    }

}
