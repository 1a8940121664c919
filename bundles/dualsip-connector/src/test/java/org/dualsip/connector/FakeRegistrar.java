package org.dualsip.connector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dualsip.api.call.CallApplication;

/** A whiteboard in a map: name to the registered application and pattern. */
final class FakeRegistrar implements Registrar {

    record Entry(CallApplication application, String pattern, int ranking) { }

    final Map<String, Entry> registered = new ConcurrentHashMap<>();
    volatile int registrations;

    @Override
    public Registration register(CallApplication application, String name, String pattern, int ranking) {
        Entry entry = new Entry(application, pattern, ranking);
        registered.put(name, entry);
        registrations++;
        return () -> registered.remove(name, entry);
    }
}
