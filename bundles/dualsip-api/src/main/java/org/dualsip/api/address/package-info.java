/**
 * The service (floating) address: the extension point for address drivers, the service that
 * tells the SIP stack when the address is held and may be bound, and (since 1.1) the status of
 * the address for operators.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
@org.osgi.annotation.bundle.Export
package org.dualsip.api.address;
