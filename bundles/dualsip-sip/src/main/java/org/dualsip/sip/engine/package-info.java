/**
 * The call engine: RFC 3261 user agent (UAS and UAC) driven by our own call records. JAIN-SIP
 * objects are only a per-call cache that can be rebuilt from the record.
 */
package org.dualsip.sip.engine;
