/** The OSGi wiring of the call engine: configuration, whiteboard and service-address tracking. */
package org.dualsip.sip.osgi;
