package org.dualsip.sip.engine;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dualsip.sip.stack.StackSettings;

/**
 * Runs the engine without OSGi, with an auto-answer application, for the RFC 4475 torture tool and
 * SIPp: {@code StandaloneNodeMain HOST PORT}. Stops on Ctrl-C / SIGTERM.
 */
public final class StandaloneNodeMain {

    private StandaloneNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.10";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 15060;
        StackSettings settings = StackSettings.defaults().withPort(port, List.of("udp", "tcp"));
        CallEngine engine = new CallEngine("standalone", settings);
        AutoAnswerApplication app = new AutoAnswerApplication(engine);
        app.ring = !Boolean.getBoolean("noring");
        engine.applications().add(app, "auto-answer", ".*", 0, 1);
        engine.bind(host, port, settings.transports());
        System.out.println("dualsip engine listening on sip:" + host + ":" + port);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.stop();
            done.countDown();
        }));
        done.await();
    }
}
