package org.dualsip.api.node;

/** The role of a node in the pair. */
public enum Role {
    /** Starting up; not yet decided. Silent on SIP. */
    STARTING,
    /** Owns the service address and handles SIP. */
    ACTIVE,
    /** Mirrors the active; silent on SIP. */
    PASSIVE,
    /** No peer configured: owns the service address and handles SIP alone. */
    STANDALONE,
    /** Refused to serve (e.g. the service address is answered by another host); silent on SIP. */
    FENCED
}
