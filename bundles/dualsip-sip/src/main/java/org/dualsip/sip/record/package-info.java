/**
 * The call records: the immutable, versioned source of truth for every call (DESIGN §3.1), their
 * store, and their binary form for the sync link ({@link org.dualsip.sip.record.CallRecordCodec}).
 */
package org.dualsip.sip.record;
