package org.dualsip.bench.connector;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.dualsip.client.DualsipClient;
import org.dualsip.client.RemoteCallEvent;
import org.dualsip.client.RemoteCallListener;

/**
 * The benchmark's remote application: answers every offered call at once (no 180) and notes, per
 * request-URI user, the wall-clock instant the offered event reached it and the instant just before it
 * handed the answer to the client (so the client's own queueing counts in the second latency).
 */
final class LatencyRecorder implements RemoteCallListener {

    static final String SDP = "v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    final Map<String, Instant> offeredAt = new ConcurrentHashMap<>();
    final Map<String, Instant> answerSentAt = new ConcurrentHashMap<>();
    final AtomicLong failedAnswers = new AtomicLong();
    private volatile DualsipClient client;

    void attach(DualsipClient answering) {
        this.client = answering;
    }

    void reset() {
        offeredAt.clear();
        answerSentAt.clear();
        failedAnswers.set(0);
    }

    @Override
    public void onEvent(RemoteCallEvent event) {
        if (!(event instanceof RemoteCallEvent.Offered offer)) {
            return;
        }
        Instant seen = Instant.now();
        String user = user(offer.call().requestUri());
        offeredAt.put(user, seen);
        answerSentAt.put(user, Instant.now());
        client.answer(offer.call().id(), SDP).whenComplete((ok, failure) -> {
            if (failure != null) {
                failedAnswers.incrementAndGet();
            }
        });
    }

    /** "sip:bench-12@127.0.0.72:46062" → "bench-12". */
    static String user(String uri) {
        if (uri == null) {
            return "";
        }
        int start = uri.indexOf(':') + 1;
        int at = uri.indexOf('@', start);
        return at < 0 ? uri.substring(start) : uri.substring(start, at);
    }
}
