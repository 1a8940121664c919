package org.dualsip.api.call;

/** Who placed the call: the far end (INBOUND) or an application of this service (OUTBOUND). */
public enum Direction {
    INBOUND,
    OUTBOUND
}
