/**
 * The connector: remote call-control applications connect to this node over TCP (optionally TLS),
 * speak newline-delimited JSON (docs/connector-protocol.md), and drive calls through the in-process
 * API. Each remote application is a CallApplication on the whiteboard while it is connected or held
 * for its grace period.
 */
package org.dualsip.connector;
