package org.dualsip.bench.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ProbeTimelineTest {

    private static ProbeAnswer ok(long sent, long received) {
        return new ProbeAnswer(sent, sent, received, 200);
    }

    @Test
    void theFirstAnswerCountsOnlyProbesSentAfterTheKill() {
        List<ProbeAnswer> answers = List.of(ok(90, 120), ok(100, 101), ok(150, 170), ok(160, 165));
        assertEquals(OptionalLong.of(165), ProbeTimeline.firstSuccessSentAfter(answers, 110));
        assertTrue(ProbeTimeline.firstSuccessSentAfter(answers, 200).isEmpty());
    }

    @Test
    void errorAnswersAreNotService() {
        List<ProbeAnswer> answers = List.of(new ProbeAnswer(1, 100, 105, 503), ok(120, 130));
        assertEquals(OptionalLong.of(130), ProbeTimeline.firstSuccessSentAfter(answers, 50));
        assertEquals(1, ProbeTimeline.nonSuccessAnswers(answers, 0, 200));
    }

    @Test
    void theLongestSilenceOverlappingTheWindowIsFound() {
        List<ProbeAnswer> answers = List.of(ok(0, 10), ok(0, 12), ok(0, 14), ok(0, 60), ok(0, 62), ok(0, 300),
                ok(0, 1000));
        // 14 -> 60 (46) overlaps [20, 100]; 62 -> 300 (238) overlaps too, 300 -> 1000 does not.
        assertEquals(OptionalLong.of(238), ProbeTimeline.longestSilence(answers, 20, 100));
        assertEquals(OptionalLong.of(46), ProbeTimeline.longestSilence(answers, 20, 50));
    }

    @Test
    void noAnswerAfterTheWindowMeansNoBoundedGap() {
        List<ProbeAnswer> answers = List.of(ok(0, 10), ok(0, 12));
        assertTrue(ProbeTimeline.longestSilence(answers, 20, 100).isEmpty());
    }
}
