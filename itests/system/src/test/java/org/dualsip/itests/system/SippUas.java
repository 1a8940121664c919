package org.dualsip.itests.system;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;

/**
 * A one-call SIPp UAS scenario for tests where the service is the caller: started, and waited for
 * (bounded) until its UDP socket is bound, so the service's INVITE does not go out before SIPp
 * listens (it would be resent anyway, but a test's timing would then include T1).
 */
final class SippUas {

    private static final Duration LISTEN_WAIT = Duration.ofSeconds(10);

    private SippUas() {
    }

    static SippRunner.Running start(SippRunner sipp, String serviceTarget, String address, int port, String scenario,
            Duration timeout, List<String> extraArgs, Path workDir) throws Exception {
        SippRun run = new SippRun(serviceTarget, address, port, "u1", SystemTestSetup.scenario(scenario).toString(),
                1, 1, 0, timeout, extraArgs, workDir);
        SippRunner.Running running = sipp.start(run);
        long deadline = System.nanoTime() + LISTEN_WAIT.toNanos();
        while (!udpBound(address, port) && System.nanoTime() < deadline) {
            if (!running.isAlive()) {
                throw new AssertionError("SIPp " + scenario + " exited at start: " + running.await().report());
            }
            Thread.sleep(20);
        }
        return running;
    }

    /**
     * Whether a UDP socket is bound to address:port, from /proc/net/udp (binding a probe socket instead
     * could take the port from SIPp in the instant it binds).
     */
    static boolean udpBound(String address, int port) throws IOException {
        byte[] ip = InetAddress.getByName(address).getAddress();
        String local = String.format("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], port);
        try (Stream<String> lines = Files.lines(Path.of("/proc/net/udp"))) {
            return lines.map(line -> line.trim().split("\\s+")).anyMatch(fields -> fields.length > 1
                    && fields[1].equals(local));
        }
    }
}
