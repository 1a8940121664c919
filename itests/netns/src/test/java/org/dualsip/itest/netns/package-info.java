/**
 * Multi-host system tests in Linux network namespaces: a LAN bridge, two nodes with a LAN interface
 * and a separate sync link each, a SIPp client and a third host, all in namespaces named
 * {@code dsn-*} that the tests create and always delete. The floating address really moves between
 * the nodes (linux driver: ip addr + gratuitous ARP / unsolicited NA). Needs root and iproute2.
 */
package org.dualsip.itest.netns;
