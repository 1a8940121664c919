package org.dualsip.bench.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a booted node listens: Karaf's own ports (so that several nodes and other builds can run on
 * one machine) and its SIP service address, plus the demo application's configuration.
 *
 * @param sshPort         Karaf SSH console port
 * @param rmiRegistryPort JMX RMI registry port
 * @param rmiServerPort   JMX RMI server port
 * @param sipAddress      the service address ({@code org.dualsip.floatingip} {@code address})
 * @param sipPort         {@code org.dualsip.sip} {@code port}
 * @param transports      {@code org.dualsip.sip} {@code transports}, e.g. {@code udp,tcp}
 * @param demo            keys of {@code org.dualsip.demo}, e.g. {@code hangup.after.ms}
 */
public record NodeSettings(int sshPort, int rmiRegistryPort, int rmiServerPort, String sipAddress, int sipPort,
        String transports, Map<String, String> demo) {

    public NodeSettings {
        demo = Map.copyOf(demo);
    }

    /** A node answering at once and never hanging up, on UDP and TCP. */
    public static NodeSettings of(int sshPort, int rmiRegistryPort, int rmiServerPort, String sipAddress,
            int sipPort) {
        return new NodeSettings(sshPort, rmiRegistryPort, rmiServerPort, sipAddress, sipPort, "udp,tcp",
                Map.of("answer.delay.ms", "0", "hangup.after.ms", "0"));
    }

    public NodeSettings withDemo(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(demo);
        changed.put(key, value);
        return new NodeSettings(sshPort, rmiRegistryPort, rmiServerPort, sipAddress, sipPort, transports, changed);
    }

    public String sipTarget() {
        return sipAddress + ":" + sipPort;
    }
}
