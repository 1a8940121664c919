/**
 * System tests with real parts: single nodes and pairs booted from the built distribution on
 * loopback and SIPp as the SIP peer, plus a smoke run of the benchmark.
 */
package org.dualsip.itests.system;
