package org.dualsip.itest.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;

/**
 * SIPp on {@code dsn-client}: the shared {@link SippRunner} started through a small wrapper that
 * {@code exec}s {@code ip netns exec dsn-client sipp}, so the process the runner holds (and kills) is
 * SIPp itself.
 */
final class ClientSipp {

    private ClientSipp() {
    }

    static SippRunner runner(Path work) throws IOException {
        SippRunner.locate(); // fails with the package to install when SIPp is missing
        Files.createDirectories(work);
        Path wrapper = work.resolve("sipp-in-" + NetnsTopology.CLIENT.namespace() + ".sh");
        Files.writeString(wrapper, "#!/bin/sh\nexec ip netns exec " + NetnsTopology.CLIENT.namespace()
                + " sipp \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SippRunner(wrapper.toString());
    }

    /** Long calls (built-in uac, UDP) from the client to the floating address, held {@code holdMillis}. */
    static SippRun longCalls(String floatingAddress, int localPort, int calls, int rate, int holdMillis,
            Duration timeout, Path workDir) {
        String local = floatingAddress.contains(":") ? NetnsTopology.CLIENT.ipv6() : NetnsTopology.CLIENT.ipv4();
        return SippRun.uac(target(floatingAddress), local, localPort, rate, calls, timeout, workDir)
                .withExtraArgs("-d", Integer.toString(holdMillis));
    }

    static String target(String address) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + NetnsPair.SIP_PORT;
    }
}
