package org.dualsip.sip.stack;

import java.util.List;

/**
 * The tuning of the SIP stack and the timers of the engine.
 *
 * @param port               SIP port on the service address
 * @param transports         lower-case transports to listen on (udp, tcp)
 * @param threadPoolSize     JAIN-SIP's message-processing threads
 * @param maxTransactions    server (and client) transaction table size
 * @param maxMessageSize     largest message accepted (bytes); bigger ones are refused
 * @param stackTrace         JAIN-SIP trace level (0 = off; 32 = debug), for troubleshooting only
 * @param t1Millis           RFC 3261 T1 (2xx retransmission start, Timer H = 64*T1)
 * @param t2Millis           RFC 3261 T2 (cap of the 2xx retransmission interval)
 * @param workerThreads      threads delivering events to applications and sending commands
 * @param endedLingerMillis  how long an ended call's record stays to absorb retransmissions
 * @param sessionExpires     the RFC 4028 session interval we ask for and grant at most, in seconds;
 *                           0 turns session timers off (no Supported: timer, Session-Expires ignored)
 * @param minSe              the smallest session interval we accept (Min-SE), in seconds; the
 *                           configuration refuses less than 90 (RFC 4028 4), tests may go lower
 */
public record StackSettings(int port, List<String> transports, int threadPoolSize, int maxTransactions,
                            int maxMessageSize, int stackTrace, long t1Millis, long t2Millis,
                            int workerThreads, long endedLingerMillis, int sessionExpires, int minSe) {

    public StackSettings {
        transports = List.copyOf(transports);
    }

    /** The defaults of etc/org.dualsip.sip.cfg. */
    public static StackSettings defaults() {
        return new StackSettings(5060, List.of("udp", "tcp"), 8, 100_000, 65_536, 0, 500, 4000, 4, 32_000, 1800, 90);
    }

    public StackSettings withPort(int p, List<String> t) {
        return new StackSettings(p, t, threadPoolSize, maxTransactions, maxMessageSize, stackTrace, t1Millis,
                t2Millis, workerThreads, endedLingerMillis, sessionExpires, minSe);
    }

    public StackSettings withTimers(long t1, long t2, long linger) {
        return new StackSettings(port, transports, threadPoolSize, maxTransactions, maxMessageSize, stackTrace,
                t1, t2, workerThreads, linger, sessionExpires, minSe);
    }

    public StackSettings withSessionTimer(int expires, int min) {
        return new StackSettings(port, transports, threadPoolSize, maxTransactions, maxMessageSize, stackTrace,
                t1Millis, t2Millis, workerThreads, endedLingerMillis, expires, min);
    }

    /** Whether we negotiate session timers at all. */
    public boolean sessionTimers() {
        return sessionExpires > 0;
    }
}
