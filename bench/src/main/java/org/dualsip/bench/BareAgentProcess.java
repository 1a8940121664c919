package org.dualsip.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dualsip.bench.bare.BareJainSipAgent;
import org.dualsip.bench.node.OptionsProbe;

/**
 * The bare JAIN-SIP agent in its own JVM, like the dualsip node, so that neither shares a heap or
 * a JIT with SIPp's driver; stopped (SIGTERM, then SIGKILL) on close.
 */
final class BareAgentProcess implements AutoCloseable {

    private final Process process;
    private final Thread shutdownHook;

    private BareAgentProcess(Process process) {
        this.process = process;
        // Should the benchmark itself be stopped, the agent must not outlive it.
        this.shutdownHook = new Thread(process::destroyForcibly, "bare-agent-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static BareAgentProcess start(String address, int port, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                BareJainSipAgent.class.getName(), address, Integer.toString(port));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        BareAgentProcess agent = new BareAgentProcess(process);
        if (!new OptionsProbe(address).awaitAnswer(address, port, Duration.ofSeconds(30))) {
            agent.close();
            throw new IllegalStateException("bare agent did not answer OPTIONS on " + address + ":" + port
                    + " (see " + log + ")");
        }
        return agent;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already exiting: the hook does the same.
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
