/**
 * The pair: role and epoch of this node, the state of the sync link, and the replication of opaque,
 * versioned records from the active to the passive. The call engine owns the record format; the
 * sync bundle only moves bytes, keeps the mirror and decides roles.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
@org.osgi.annotation.bundle.Export
package org.dualsip.api.pair;
