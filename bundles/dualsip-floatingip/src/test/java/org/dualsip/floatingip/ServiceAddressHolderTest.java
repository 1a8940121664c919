package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.FloatingAddressDriver;
import org.dualsip.api.address.ServiceAddress;
import org.junit.jupiter.api.Test;

class ServiceAddressHolderTest {

    /** Records driver calls and publications in one journal, so the order can be asserted. */
    private final List<String> journal = new ArrayList<>();

    private final List<ServiceAddress> published = new ArrayList<>();

    private final ServiceAddressPublisher publisher = address -> {
        journal.add("publish " + address.address().host() + " " + address.driver());
        published.add(address);
        return () -> {
            journal.add("withdraw " + address.address().host());
            published.remove(address);
        };
    };

    private final class RecordingDriver implements FloatingAddressDriver {
        private final String name;
        private final Set<String> refused = new HashSet<>();

        RecordingDriver(String name) {
            this.name = name;
        }

        @Override
        public void validate(FloatingAddress address) throws AddressException {
            if (refused.contains(address.host())) {
                throw new AddressException(address.host() + " is not local");
            }
        }

        @Override
        public void acquire(FloatingAddress address) {
            journal.add(name + " acquire " + address.host());
        }

        @Override
        public void release(FloatingAddress address) {
            journal.add(name + " release " + address.host());
        }
    }

    private static AddressSettings settings(String address, String driver) {
        return AddressSettings.parse(address, "32", "", driver);
    }

    @Test
    void acquiresThenPublishesAsSoonAsTheDriverIsThere() {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, settings("127.0.0.10", "none"));
        holder.driverAdded("none", new RecordingDriver("none"));
        assertTrue(journal.isEmpty(), "nothing before start: " + journal);

        holder.start();

        assertEquals(List.of("none acquire 127.0.0.10", "publish 127.0.0.10 none"), journal);
        assertTrue(holder.status().held());
        assertNull(holder.status().alarm());
    }

    @Test
    void waitsForAMissingDriverWithAnAlarm() {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, settings("127.0.0.10", "linux"));
        holder.driverAdded("none", new RecordingDriver("none"));
        holder.start();

        assertTrue(journal.isEmpty(), journal.toString());
        assertFalse(holder.status().held());
        assertEquals("driver linux not available", holder.status().alarm());
        holder.warnIfDriverMissing();
        assertEquals("driver linux not available", holder.status().alarm());

        holder.driverAdded("linux", new RecordingDriver("linux"));
        assertEquals(List.of("linux acquire 127.0.0.10", "publish 127.0.0.10 linux"), journal);
        assertNull(holder.status().alarm());
    }

    @Test
    void withdrawsBeforeReleasingWhenStopping() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), new RecordingDriver("none"));
        journal.clear();

        holder.close();

        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10"), journal);
        assertTrue(published.isEmpty());
        assertFalse(holder.status().held());
    }

    @Test
    void movesToANewAddressInOrder() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), new RecordingDriver("none"));
        journal.clear();

        assertTrue(holder.reconfigure(settings("127.0.0.11", "none")));

        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10",
                "none acquire 127.0.0.11", "publish 127.0.0.11 none"), journal);
        assertEquals("127.0.0.11", published.get(0).address().host());
        assertEquals(1, published.size());
    }

    @Test
    void sameConfigurationAgainChangesNothing() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), new RecordingDriver("none"));
        journal.clear();

        assertTrue(holder.reconfigure(settings("127.0.0.10", "none")));

        assertTrue(journal.isEmpty(), journal.toString());
        assertTrue(holder.status().held());
    }

    @Test
    void keepsTheOldAddressWhenTheDriverRefusesTheNewOne() {
        RecordingDriver none = new RecordingDriver("none");
        none.refused.add("192.0.2.1");
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), none);
        journal.clear();

        assertFalse(holder.reconfigure(settings("192.0.2.1", "none")));

        assertTrue(journal.isEmpty(), journal.toString());
        assertTrue(holder.status().held());
        assertEquals("127.0.0.10", holder.status().address().host());
    }

    @Test
    void reportsAnAlarmWhenTheConfiguredAddressCannotBeAcquired() {
        RecordingDriver none = new RecordingDriver("none");
        none.refused.add("192.0.2.1");
        ServiceAddressHolder holder = started(settings("192.0.2.1", "none"), none);

        assertTrue(journal.isEmpty(), journal.toString());
        assertFalse(holder.status().held());
        assertTrue(holder.status().alarm().contains("192.0.2.1 is not local"), holder.status().alarm());
    }

    @Test
    void letsGoOfTheAddressWhenItsDriverGoesAway() {
        RecordingDriver none = new RecordingDriver("none");
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), none);
        journal.clear();

        holder.driverRemoved("none", new RecordingDriver("none"));
        assertTrue(journal.isEmpty(), "another instance of the same name is ignored: " + journal);

        holder.driverRemoved("none", none);
        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10"), journal);
        assertEquals("driver none not available", holder.status().alarm());

        holder.driverAdded("none", none);
        assertTrue(holder.status().held());
    }

    @Test
    void switchingToAMissingDriverReleasesAndWaits() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), new RecordingDriver("none"));
        journal.clear();

        assertTrue(holder.reconfigure(settings("127.0.0.10", "linux")));

        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10"), journal);
        assertEquals("driver linux not available", holder.status().alarm());
    }

    @Test
    void withoutAValidConfigurationNothingIsHeldUntilOneArrives() {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, null);
        holder.driverAdded("none", new RecordingDriver("none"));
        holder.start();
        holder.warnIfDriverMissing();

        assertTrue(journal.isEmpty(), journal.toString());
        assertFalse(holder.status().held());
        assertEquals("no valid org.dualsip.floatingip configuration", holder.status().alarm());

        assertTrue(holder.reconfigure(settings("127.0.0.10", "none")));
        assertEquals(List.of("none acquire 127.0.0.10", "publish 127.0.0.10 none"), journal);
        assertNull(holder.status().alarm());
    }

    @Test
    void aFailingPublicationReleasesTheAddressAgain() {
        ServiceAddressPublisher failing = address -> {
            throw new IllegalStateException("registry closed");
        };
        ServiceAddressHolder holder = new ServiceAddressHolder(failing, settings("127.0.0.10", "none"));
        holder.driverAdded("none", new RecordingDriver("none"));
        holder.start();

        assertEquals(List.of("none acquire 127.0.0.10", "none release 127.0.0.10"), journal);
        assertFalse(holder.status().held());
        assertTrue(holder.status().alarm().contains("registry closed"));
    }

    private ServiceAddressHolder started(AddressSettings settings, RecordingDriver driver) {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, settings);
        holder.driverAdded(driver.name, driver);
        holder.start();
        return holder;
    }
}
