package org.dualsip.floatingip;

import static org.dualsip.floatingip.AddressJournal.role;
import static org.dualsip.floatingip.AddressJournal.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.FloatingAddressDriver;
import org.dualsip.api.address.FloatingAddressStatus;
import org.dualsip.api.node.Role;
import org.dualsip.floatingip.AddressJournal.RecordingDriver;
import org.junit.jupiter.api.Test;

/** A failed acquire is kept as the alarm and retried, one attempt pending at a time. */
class ServiceAddressHolderRetryTest {

    private final AddressJournal recorder = new AddressJournal();
    private final RecordingDriver none = recorder.driver("none");
    private final List<Runnable> retries = new ArrayList<>();

    private ServiceAddressHolder activeWithFailingDriver() {
        ServiceAddressHolder holder = new ServiceAddressHolder(recorder.publisher, settings("127.0.0.10", "none"),
                retries::add);
        holder.driverAdded("none", none);
        holder.start();
        none.acquireFails = true;
        holder.roleChanged(role(Role.STARTING, Role.ACTIVE, 1));
        return holder;
    }

    @Test
    void aFailedAcquireIsRetriedUntilItSucceeds() {
        ServiceAddressHolder holder = activeWithFailingDriver();
        assertEquals(1, retries.size());
        assertTrue(holder.floatingStatus().alarm().contains("address in use by another host"));

        retries.remove(0).run(); // still failing: one more retry scheduled, the alarm stays
        assertEquals(1, retries.size());
        assertFalse(holder.floatingStatus().held());

        none.acquireFails = false;
        retries.remove(0).run();
        assertTrue(holder.floatingStatus().held());
        assertNull(holder.floatingStatus().alarm());
        assertTrue(retries.isEmpty(), "nothing more to retry");
        assertEquals(List.of("none acquire 127.0.0.10", "publish 127.0.0.10 none"), recorder.journal);
    }

    @Test
    void onlyOneRetryIsPendingHoweverManyAttemptsFail() {
        ServiceAddressHolder holder = activeWithFailingDriver();
        holder.roleChanged(role(Role.ACTIVE, Role.ACTIVE, 2));
        holder.roleChanged(role(Role.ACTIVE, Role.ACTIVE, 3));
        assertEquals(1, retries.size());
    }

    @Test
    void aRetryAfterDemotionAcquiresNothing() {
        ServiceAddressHolder holder = activeWithFailingDriver();
        holder.roleChanged(role(Role.ACTIVE, Role.PASSIVE, 2));
        none.acquireFails = false;
        retries.remove(0).run();
        assertFalse(holder.floatingStatus().held());
        assertTrue(recorder.journal.isEmpty(), recorder.journal.toString());
    }

    @Test
    void theStatusCarriesTheDriversDiagnostics() {
        Instant announced = Instant.parse("2026-11-26T08:00:01Z");
        DiagnosingDriver driver = new DiagnosingDriver(new DriverDiagnostics(announced, "no answer within 100 ms",
                "gratuitous ARP failed"));
        ServiceAddressHolder holder = new ServiceAddressHolder(recorder.publisher, settings("127.0.0.10", "linux"),
                retries::add);
        holder.driverAdded("linux", driver);
        holder.start();
        holder.roleChanged(role(Role.STARTING, Role.STANDALONE, 1));

        FloatingAddressStatus status = holder.floatingStatus();
        assertEquals("linux", status.driver());
        assertEquals("127.0.0.10", status.address().host());
        assertTrue(status.held());
        assertEquals(announced, status.lastAnnounce());
        assertEquals("no answer within 100 ms", status.probeResult());
        assertEquals("gratuitous ARP failed", status.alarm(), "the driver's alarm shows while nothing else is wrong");
    }

    private static final class DiagnosingDriver implements FloatingAddressDriver, DiagnosedDriver {
        private final DriverDiagnostics diagnostics;

        DiagnosingDriver(DriverDiagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public DriverDiagnostics diagnostics() {
            return diagnostics;
        }

        @Override
        public void validate(FloatingAddress address) throws AddressException {
        }

        @Override
        public void acquire(FloatingAddress address) throws AddressException {
        }

        @Override
        public void release(FloatingAddress address) throws AddressException {
        }
    }
}
