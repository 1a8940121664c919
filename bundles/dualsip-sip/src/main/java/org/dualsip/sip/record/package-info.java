/**
 * The call records: the immutable, versioned source of truth for every call (DESIGN §3.1), in a
 * plain serialisable shape (strings, longs, lists) so that the next issue can replicate them.
 */
package org.dualsip.sip.record;
