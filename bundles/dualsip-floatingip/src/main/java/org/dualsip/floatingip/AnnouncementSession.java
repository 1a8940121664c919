package org.dualsip.floatingip;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;

/**
 * The announcements of one held address: the first at once (the caller waits for it), the rest of
 * the burst and the periodic refresh on the driver's scheduler. {@link #close()} guarantees that
 * nothing is sent once it returns: a node that let go of the address must never announce it.
 */
final class AnnouncementSession {

    private final FloatingAddress address;
    private final DriverSettings settings;
    private final CommandRunner runner;
    private final ScheduledExecutorService scheduler;
    private final DriverReport report;
    /** Held while a packet is being sent, so that close() waits for one in flight. */
    private final Object sending = new Object();
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();
    /** arping processes that sent their packet and wait out their second before exiting. */
    private final Set<RunningCommand> lingering = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;
    private int sent;

    AnnouncementSession(FloatingAddress address, DriverSettings settings, CommandRunner runner,
            ScheduledExecutorService scheduler, DriverReport report) {
        this.address = address;
        this.settings = settings;
        this.runner = runner;
        this.scheduler = scheduler;
        this.report = report;
    }

    /** Sends the first announcement; when this returns normally it is on the wire. */
    void announceFirst() throws AddressException {
        send();
    }

    /** Schedules the rest of the burst and, if configured, the refresh. */
    void scheduleRest() {
        long interval = settings.announceInterval().toMillis();
        try {
            for (int i = 1; i < settings.announceCount(); i++) {
                scheduled.add(scheduler.schedule(this::sendInBackground, i * interval, TimeUnit.MILLISECONDS));
            }
            Duration refresh = settings.refreshPeriod();
            if (!refresh.isZero()) {
                long first = (settings.announceCount() - 1) * interval + refresh.toMillis();
                scheduled.add(scheduler.scheduleAtFixedRate(this::sendInBackground, first, refresh.toMillis(),
                        TimeUnit.MILLISECONDS));
            }
        } catch (RejectedExecutionException e) {
            report.alarm("cannot schedule the announcements of " + address.host() + ": the driver is stopping");
        }
    }

    /**
     * Stops announcing: cancels what is scheduled, waits for a packet in flight, stops lingering
     * processes. Nothing is sent after this returns.
     */
    void close() {
        open = false;
        scheduled.forEach(future -> future.cancel(false));
        synchronized (sending) {
            // an announcement that had started has finished sending; later ones see open == false
        }
        lingering.forEach(RunningCommand::stop);
        lingering.clear();
    }

    /** Announcements sent so far (tests). */
    int sent() {
        synchronized (sending) {
            return sent;
        }
    }

    private void sendInBackground() {
        try {
            send();
        } catch (AddressException | RuntimeException e) {
            report.alarm("announcing " + address.host() + " on " + address.iface() + " failed: " + e.getMessage());
        }
    }

    private void send() throws AddressException {
        synchronized (sending) {
            if (!open) {
                return;
            }
            if (LinuxCommandLines.isIpv4(address)) {
                sendGratuitousArp();
            } else {
                CommandResult result = runner.run(LinuxCommandLines.unsolicitedNeighbourAdvertisement(address),
                        settings.commandTimeout());
                if (!result.succeeded()) {
                    throw new AddressException("unsolicited neighbour advertisement failed: " + result.describe());
                }
            }
            sent++;
            report.announced();
        }
    }

    /** arping lingers a second after its packet: wait for its header line, check its exit later. */
    private void sendGratuitousArp() throws AddressException {
        RunningCommand arping = runner.startUntilLine(LinuxCommandLines.gratuitousArp(address),
                LinuxCommandLines.ARPING_HEADER, settings.commandTimeout());
        if (arping.ended()) {
            CommandResult result = arping.result().join();
            if (!result.succeeded()) {
                throw new AddressException("gratuitous ARP failed: " + result.describe());
            }
            return;
        }
        lingering.add(arping);
        arping.result().thenAccept(result -> {
            lingering.remove(arping);
            if (open && result.exitCode() != -1 && !result.succeeded()) {
                report.alarm("gratuitous ARP for " + address.host() + " failed: " + result.describe());
            }
        });
    }
}
