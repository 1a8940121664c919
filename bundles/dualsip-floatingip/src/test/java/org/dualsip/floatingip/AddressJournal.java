package org.dualsip.floatingip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.FloatingAddressDriver;
import org.dualsip.api.address.ServiceAddress;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;

/**
 * Test fixture for {@link ServiceAddressHolder}: records driver calls and publications in one
 * journal, so that their order can be asserted.
 */
final class AddressJournal {

    final List<String> journal = new ArrayList<>();

    final List<ServiceAddress> published = new ArrayList<>();

    final ServiceAddressPublisher publisher = address -> {
        journal.add("publish " + address.address().host() + " " + address.driver());
        published.add(address);
        return () -> {
            journal.add("withdraw " + address.address().host());
            published.remove(address);
        };
    };

    RecordingDriver driver(String name) {
        return new RecordingDriver(name);
    }

    static AddressSettings settings(String address, String driver) {
        return AddressSettings.parse(address, "32", "", driver);
    }

    static RoleChange role(Role from, Role to, long epoch) {
        return new RoleChange(from, to, "test", epoch, Instant.parse("2026-11-26T08:00:00Z"));
    }

    /** A driver that journals acquire and release, refuses the addresses in {@link #refused}. */
    final class RecordingDriver implements FloatingAddressDriver {
        final String name;
        final Set<String> refused = new HashSet<>();
        boolean acquireFails;

        private RecordingDriver(String name) {
            this.name = name;
        }

        @Override
        public void validate(FloatingAddress address) throws AddressException {
            if (refused.contains(address.host())) {
                throw new AddressException(address.host() + " is not local");
            }
        }

        @Override
        public void acquire(FloatingAddress address) throws AddressException {
            if (acquireFails) {
                throw new AddressException("address in use by another host");
            }
            journal.add(name + " acquire " + address.host());
        }

        @Override
        public void release(FloatingAddress address) {
            journal.add(name + " release " + address.host());
        }
    }
}
