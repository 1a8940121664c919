package org.dualsip.connector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Connection counts since the connector started (dualsip:apps shows them). */
final class ConnectorCounters {
    final AtomicInteger open = new AtomicInteger();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong authenticated = new AtomicLong();
    final AtomicLong refusedUnauthorized = new AtomicLong();
    final AtomicLong refusedOverLimit = new AtomicLong();
    final AtomicLong droppedSlow = new AtomicLong();
}
