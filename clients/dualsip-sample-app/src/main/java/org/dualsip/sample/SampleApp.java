package org.dualsip.sample;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dualsip.client.DualsipClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command-line entry: connects to the pair, answers calls, optionally places some; see --help. */
public final class SampleApp {

    private static final Logger LOG = LoggerFactory.getLogger(SampleApp.class);

    private SampleApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.print(SampleOptions.USAGE);
            return;
        }
        SampleOptions options;
        try {
            options = SampleOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("dualsip-sample-app: " + e.getMessage());
            System.err.print(SampleOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    static int run(SampleOptions options) throws InterruptedException {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        DualsipClient[] holder = new DualsipClient[1];
        AnsweringApplication app = new AnsweringApplication(() -> holder[0], timers, options);
        DualsipClient client = DualsipClient.builder().nodes(options.nodes()).application(options.name())
                .token(options.token()).patterns(options.patterns().toArray(String[]::new)).listener(app).build();
        holder[0] = client;
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "sample-app-stop"));
        client.start();
        LOG.info("sample application '{}' on nodes {} taking {}", options.name(), options.nodes(), options.patterns());
        timers.scheduleAtFixedRate(() -> LOG.info("STATS {}", app.counters()), options.statsEveryS(),
                options.statsEveryS(), TimeUnit.SECONDS);
        if (options.callTo() != null) {
            timers.execute(() -> placeCalls(client, options));
        }
        if (options.durationS() > 0) {
            stop.await(options.durationS(), TimeUnit.SECONDS);
        } else {
            stop.await();
        }
        timers.shutdownNow();
        LOG.info("STATS {} (final)", app.counters());
        client.close();
        return 0;
    }

    private static void placeCalls(DualsipClient client, SampleOptions options) {
        for (int i = 0; i < options.callCount(); i++) {
            try {
                String id = client.placeCall(options.callFrom(), options.callTo(), AnsweringApplication.SDP, null)
                        .get(15, TimeUnit.SECONDS);
                LOG.info("placed call {} to {}", id, options.callTo());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("placing a call to {} failed: {}", options.callTo(), e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
