/**
 * The call engine: RFC 3261 user agent (UAS and UAC) driven by our own call records, with late offer,
 * RFC 4028 session timers, RFC 3262 reliable provisionals (100rel/PRACK) and SDP validation. JAIN-SIP
 * objects are only a per-call cache that can be rebuilt from the record. In a pair the engine
 * replicates every record before the SIP message that makes it visible, mirrors the active's records
 * while passive, stays silent unless ACTIVE/STANDALONE, and resumes every call on takeover.
 */
package org.dualsip.sip.engine;
