/**
 * The benchmark behind {@code bench/run-bench.sh}: a bounded rate search with SIPp against the bare
 * JAIN-SIP agent and against a booted dualsip node.
 */
package org.dualsip.bench;
