package org.dualsip.floatingip;

import static org.dualsip.floatingip.AddressJournal.role;
import static org.dualsip.floatingip.AddressJournal.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dualsip.api.node.Role;
import org.dualsip.floatingip.AddressJournal.RecordingDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The address follows the role: held only while ACTIVE or STANDALONE, withdrawn before release. */
class ServiceAddressHolderRoleTest {

    private static final List<String> TAKE = List.of("none acquire 127.0.0.10", "publish 127.0.0.10 none");
    private static final List<String> GIVE_UP = List.of("withdraw 127.0.0.10", "none release 127.0.0.10");

    private final AddressJournal recorder = new AddressJournal();
    private final List<String> journal = recorder.journal;
    private final RecordingDriver none = recorder.driver("none");

    /** Started with the none driver present and no role told yet. */
    private ServiceAddressHolder undecided() {
        ServiceAddressHolder holder = new ServiceAddressHolder(recorder.publisher, settings("127.0.0.10", "none"));
        holder.driverAdded("none", none);
        holder.start();
        return holder;
    }

    private ServiceAddressHolder active() {
        ServiceAddressHolder holder = undecided();
        holder.roleChanged(role(Role.STARTING, Role.ACTIVE, 1));
        journal.clear();
        return holder;
    }

    private ServiceAddressHolder passive() {
        ServiceAddressHolder holder = undecided();
        holder.roleChanged(role(Role.STARTING, Role.PASSIVE, 1));
        journal.clear();
        return holder;
    }

    @Test
    void nothingIsHeldBeforeTheRoleIsDecided() {
        ServiceAddressHolder holder = undecided();

        assertTrue(journal.isEmpty(), journal.toString());
        AddressStatus status = holder.status();
        assertFalse(status.held());
        assertNull(status.role());
        assertNull(status.alarm(), "not holding before the role is decided is no fault");
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACTIVE", "STANDALONE"})
    void aServingRoleAcquiresThenPublishes(Role serving) {
        ServiceAddressHolder holder = undecided();

        holder.roleChanged(role(Role.STARTING, serving, 1));

        assertEquals(TAKE, journal);
        assertTrue(holder.status().held());
        assertEquals(serving, holder.status().role());
        assertEquals(1, recorder.published.size());
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"PASSIVE", "STARTING", "FENCED"})
    void everyOtherRoleWithdrawsFirstThenReleases(Role silent) {
        ServiceAddressHolder holder = active();

        holder.roleChanged(role(Role.ACTIVE, silent, 2));

        assertEquals(GIVE_UP, journal);
        assertTrue(recorder.published.isEmpty());
        assertFalse(holder.status().held());
        assertEquals(silent, holder.status().role());
        assertNull(holder.status().alarm());
    }

    @Test
    void demotionIsIdempotent() {
        ServiceAddressHolder holder = active();

        holder.roleChanged(role(Role.ACTIVE, Role.PASSIVE, 1));
        holder.roleChanged(role(Role.PASSIVE, Role.PASSIVE, 2));
        holder.roleChanged(role(Role.PASSIVE, Role.FENCED, 3));

        assertEquals(GIVE_UP, journal);
    }

    @Test
    void aNewEpochInAServingRoleKeepsTheAddressBound() {
        ServiceAddressHolder holder = active();

        holder.roleChanged(role(Role.ACTIVE, Role.ACTIVE, 2));
        holder.roleChanged(role(Role.ACTIVE, Role.STANDALONE, 3));

        assertTrue(journal.isEmpty(), "no needless unbind/rebind: " + journal);
        assertTrue(holder.status().held());
    }

    @Test
    void takeoverAndSwitchoverMoveTheAddressBothWays() {
        ServiceAddressHolder holder = passive();

        holder.roleChanged(role(Role.PASSIVE, Role.ACTIVE, 2));
        holder.roleChanged(role(Role.ACTIVE, Role.PASSIVE, 2));
        holder.roleChanged(role(Role.PASSIVE, Role.ACTIVE, 4));

        assertEquals(List.of(TAKE.get(0), TAKE.get(1), GIVE_UP.get(0), GIVE_UP.get(1), TAKE.get(0), TAKE.get(1)),
                journal);
        assertTrue(holder.status().held());
    }

    @Test
    void aRoleToldBeforeStartIsAppliedAtStart() {
        ServiceAddressHolder holder = new ServiceAddressHolder(recorder.publisher, settings("127.0.0.10", "none"));
        holder.driverAdded("none", none);
        holder.roleChanged(role(Role.STARTING, Role.ACTIVE, 1));
        assertTrue(journal.isEmpty(), "nothing before start: " + journal);

        holder.start();

        assertEquals(TAKE, journal);
    }

    @Test
    void whilePassiveANewConfigurationIsOnlyValidatedAndStored() {
        ServiceAddressHolder holder = passive();

        assertTrue(holder.reconfigure(settings("127.0.0.11", "none")));
        assertTrue(journal.isEmpty(), journal.toString());
        assertEquals("127.0.0.11", holder.settings().address().host());

        none.refused.add("192.0.2.1");
        assertFalse(holder.reconfigure(settings("192.0.2.1", "none")));
        assertEquals("127.0.0.11", holder.settings().address().host());

        holder.roleChanged(role(Role.PASSIVE, Role.ACTIVE, 2));
        assertEquals(List.of("none acquire 127.0.0.11", "publish 127.0.0.11 none"), journal);
    }

    @Test
    void whileActiveANewConfigurationMovesTheAddress() {
        ServiceAddressHolder holder = active();

        assertTrue(holder.reconfigure(settings("127.0.0.11", "none")));

        assertEquals(List.of(GIVE_UP.get(0), GIVE_UP.get(1), "none acquire 127.0.0.11", "publish 127.0.0.11 none"),
                journal);
    }

    @Test
    void aPassiveWarnsOfWhatWouldStopATakeover() {
        ServiceAddressHolder holder = passive();

        holder.reconfigure(settings("127.0.0.10", "linux"));
        assertEquals("driver linux not available", holder.status().alarm());

        RecordingDriver linux = recorder.driver("linux");
        linux.refused.add("127.0.0.10");
        holder.driverAdded("linux", linux);
        assertTrue(holder.status().alarm().startsWith("cannot hold 127.0.0.10 with driver linux"),
                holder.status().alarm());
        assertTrue(journal.isEmpty(), journal.toString());
    }

    @Test
    void demotionClearsAnAlarmOfTheFailedAcquisition() {
        ServiceAddressHolder holder = passive();
        none.acquireFails = true;

        holder.roleChanged(role(Role.PASSIVE, Role.ACTIVE, 2));
        assertFalse(holder.status().held());
        assertTrue(holder.status().alarm().contains("address in use by another host"), holder.status().alarm());

        holder.roleChanged(role(Role.ACTIVE, Role.PASSIVE, 2));
        assertNull(holder.status().alarm());
        assertTrue(journal.isEmpty(), journal.toString());
    }

    @Test
    void withoutThePairServiceNothingStaysHeldUntilARoleIsToldAgain() {
        ServiceAddressHolder holder = active();

        holder.roleUndecided("the pair service went away");
        assertEquals(GIVE_UP, journal);
        assertNull(holder.status().role());

        holder.driverAdded("none", none);
        holder.reconfigure(settings("127.0.0.11", "none"));
        assertEquals(GIVE_UP, journal, "neither a driver nor a configuration makes it hold again");

        holder.roleChanged(role(Role.STARTING, Role.STANDALONE, 5));
        assertTrue(holder.status().held());
    }

    @Test
    void demotionWithoutADriverDoesNothingHarmful() {
        ServiceAddressHolder holder = active();
        holder.driverRemoved("none", none);
        journal.clear();

        holder.roleChanged(role(Role.ACTIVE, Role.PASSIVE, 1));

        assertTrue(journal.isEmpty(), journal.toString());
        assertEquals("driver none not available", holder.status().alarm());
    }
}
