/**
 * The service (floating) address: the extension point for address drivers and the service that
 * tells the SIP stack when the address is held and may be bound.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
@org.osgi.annotation.bundle.Export
package org.dualsip.api.address;
