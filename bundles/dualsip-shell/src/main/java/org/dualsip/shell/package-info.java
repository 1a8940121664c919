/**
 * Karaf shell commands of scope {@code dualsip}. The commands are thin: they fetch a snapshot from
 * the service and hand it to a report class ({@link org.dualsip.shell.StatusReport},
 * {@link org.dualsip.shell.CallsReport}) that formats text and JSON without Karaf. Private to the
 * bundle.
 */
package org.dualsip.shell;
