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
 */
public record StackSettings(int port, List<String> transports, int threadPoolSize, int maxTransactions,
                            int maxMessageSize, int stackTrace, long t1Millis, long t2Millis,
                            int workerThreads, long endedLingerMillis) {

    public StackSettings {
        transports = List.copyOf(transports);
    }

    /** The defaults of etc/org.dualsip.sip.cfg. */
    public static StackSettings defaults() {
        return new StackSettings(5060, List.of("udp", "tcp"), 8, 100_000, 65_536, 0, 500, 4000, 4, 32_000);
    }

    public StackSettings withPort(int p, List<String> t) {
        return new StackSettings(p, t, threadPoolSize, maxTransactions, maxMessageSize, stackTrace, t1Millis,
                t2Millis, workerThreads, endedLingerMillis);
    }

    public StackSettings withTimers(long t1, long t2, long linger) {
        return new StackSettings(port, transports, threadPoolSize, maxTransactions, maxMessageSize, stackTrace,
                t1, t2, workerThreads, linger);
    }
}
