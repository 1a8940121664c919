package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dualsip.api.address.ServiceAddress;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.junit.jupiter.api.Test;

class ServiceAddressHolderTest {

    private final AddressJournal recorder = new AddressJournal();
    private final List<String> journal = recorder.journal;
    private final List<ServiceAddress> published = recorder.published;
    private final ServiceAddressPublisher publisher = recorder.publisher;

    private static AddressSettings settings(String address, String driver) {
        return AddressJournal.settings(address, driver);
    }

    private static final RoleChange STANDALONE = AddressJournal.role(Role.STARTING, Role.STANDALONE, 1);

    @Test
    void acquiresThenPublishesAsSoonAsTheDriverIsThere() {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, settings("127.0.0.10", "none"));
        holder.driverAdded("none", recorder.driver("none"));
        holder.roleChanged(STANDALONE);
        assertTrue(journal.isEmpty(), "nothing before start: " + journal);

        holder.start();

        assertEquals(List.of("none acquire 127.0.0.10", "publish 127.0.0.10 none"), journal);
        assertTrue(holder.status().held());
        assertNull(holder.status().alarm());
    }

    @Test
    void waitsForAMissingDriverWithAnAlarm() {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, settings("127.0.0.10", "linux"));
        holder.driverAdded("none", recorder.driver("none"));
        holder.roleChanged(STANDALONE);
        holder.start();

        assertTrue(journal.isEmpty(), journal.toString());
        assertFalse(holder.status().held());
        assertEquals("driver linux not available", holder.status().alarm());
        holder.warnIfDriverMissing();
        assertEquals("driver linux not available", holder.status().alarm());

        holder.driverAdded("linux", recorder.driver("linux"));
        assertEquals(List.of("linux acquire 127.0.0.10", "publish 127.0.0.10 linux"), journal);
        assertNull(holder.status().alarm());
    }

    @Test
    void withdrawsBeforeReleasingWhenStopping() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), recorder.driver("none"));
        journal.clear();

        holder.close();

        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10"), journal);
        assertTrue(published.isEmpty());
        assertFalse(holder.status().held());
    }

    @Test
    void movesToANewAddressInOrder() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), recorder.driver("none"));
        journal.clear();

        assertTrue(holder.reconfigure(settings("127.0.0.11", "none")));

        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10",
                "none acquire 127.0.0.11", "publish 127.0.0.11 none"), journal);
        assertEquals("127.0.0.11", published.get(0).address().host());
        assertEquals(1, published.size());
    }

    @Test
    void sameConfigurationAgainChangesNothing() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), recorder.driver("none"));
        journal.clear();

        assertTrue(holder.reconfigure(settings("127.0.0.10", "none")));

        assertTrue(journal.isEmpty(), journal.toString());
        assertTrue(holder.status().held());
    }

    @Test
    void keepsTheOldAddressWhenTheDriverRefusesTheNewOne() {
        AddressJournal.RecordingDriver none = recorder.driver("none");
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
        AddressJournal.RecordingDriver none = recorder.driver("none");
        none.refused.add("192.0.2.1");
        ServiceAddressHolder holder = started(settings("192.0.2.1", "none"), none);

        assertTrue(journal.isEmpty(), journal.toString());
        assertFalse(holder.status().held());
        assertTrue(holder.status().alarm().contains("192.0.2.1 is not local"), holder.status().alarm());
    }

    @Test
    void letsGoOfTheAddressWhenItsDriverGoesAway() {
        AddressJournal.RecordingDriver none = recorder.driver("none");
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), none);
        journal.clear();

        holder.driverRemoved("none", recorder.driver("none"));
        assertTrue(journal.isEmpty(), "another instance of the same name is ignored: " + journal);

        holder.driverRemoved("none", none);
        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10"), journal);
        assertEquals("driver none not available", holder.status().alarm());

        holder.driverAdded("none", none);
        assertTrue(holder.status().held());
    }

    @Test
    void switchingToAMissingDriverReleasesAndWaits() {
        ServiceAddressHolder holder = started(settings("127.0.0.10", "none"), recorder.driver("none"));
        journal.clear();

        assertTrue(holder.reconfigure(settings("127.0.0.10", "linux")));

        assertEquals(List.of("withdraw 127.0.0.10", "none release 127.0.0.10"), journal);
        assertEquals("driver linux not available", holder.status().alarm());
    }

    @Test
    void withoutAValidConfigurationNothingIsHeldUntilOneArrives() {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, null);
        holder.driverAdded("none", recorder.driver("none"));
        holder.roleChanged(STANDALONE);
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
        holder.driverAdded("none", recorder.driver("none"));
        holder.roleChanged(STANDALONE);
        holder.start();

        assertEquals(List.of("none acquire 127.0.0.10", "none release 127.0.0.10"), journal);
        assertFalse(holder.status().held());
        assertTrue(holder.status().alarm().contains("registry closed"));
    }

    private ServiceAddressHolder started(AddressSettings settings, AddressJournal.RecordingDriver driver) {
        ServiceAddressHolder holder = new ServiceAddressHolder(publisher, settings);
        holder.driverAdded(driver.name, driver);
        holder.roleChanged(STANDALONE);
        holder.start();
        return holder;
    }
}
