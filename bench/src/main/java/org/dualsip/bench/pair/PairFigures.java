package org.dualsip.bench.pair;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dualsip.bench.sipp.SippResult;

/**
 * What the pair benchmark measured so far; a phase that fails or is skipped leaves its figures
 * empty and adds a note. Filled and read by the benchmark's one thread.
 */
final class PairFigures {

    /** The passive's live heap before and after the long calls were mirrored. */
    record MirrorHeap(int calls, long mirrored, HeapGauge.Reading before, HeapGauge.Reading after) {
        double heapInfoBytesPerCall() {
            return perCall(before.heapInfoBytes(), after.heapInfoBytes());
        }

        double histogramBytesPerCall() {
            return perCall(before.histogramBytes(), after.histogramBytes());
        }

        private double perCall(long from, long to) {
            return from < 0 || to < 0 ? Double.NaN : (double) (to - from) / calls;
        }
    }

    /** The load under which the lag was sampled. */
    record LagLoad(int rate, SippResult sipp) { }

    private RateFigure standalone;
    private RateFigure pair;
    private final List<Double> takeoverMillis = new ArrayList<>();
    private final List<Double> switchoverMillis = new ArrayList<>();
    private long switchoverNonSuccess;
    private double switchoverControlMillis = -1;
    private LagSamples lag;
    private LagLoad lagLoad;
    private MirrorHeap heap;
    private final List<String> notes = new ArrayList<>();

    void standalone(RateFigure figure) {
        standalone = figure;
    }

    void pair(RateFigure figure) {
        pair = figure;
    }

    void takeover(double millis) {
        takeoverMillis.add(millis);
    }

    void switchover(double millis, long nonSuccessAnswers) {
        switchoverMillis.add(millis);
        switchoverNonSuccess += nonSuccessAnswers;
    }

    void switchoverControl(double millis) {
        switchoverControlMillis = millis;
    }

    void lag(LagSamples samples, LagLoad load) {
        lag = samples;
        lagLoad = load;
    }

    void heap(MirrorHeap reading) {
        heap = reading;
    }

    void note(String text) {
        System.err.println("pair bench: " + text);
        notes.add(text);
    }

    Optional<RateFigure> standalone() {
        return Optional.ofNullable(standalone);
    }

    Optional<RateFigure> pair() {
        return Optional.ofNullable(pair);
    }

    List<Double> takeoverMillis() {
        return List.copyOf(takeoverMillis);
    }

    List<Double> switchoverMillis() {
        return List.copyOf(switchoverMillis);
    }

    long switchoverNonSuccess() {
        return switchoverNonSuccess;
    }

    double switchoverControlMillis() {
        return switchoverControlMillis;
    }

    Optional<LagSamples> lag() {
        return Optional.ofNullable(lag);
    }

    Optional<LagLoad> lagLoad() {
        return Optional.ofNullable(lagLoad);
    }

    Optional<MirrorHeap> heap() {
        return Optional.ofNullable(heap);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    /** Median of the values (mean of the middle two for an even count); NaN when empty. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
