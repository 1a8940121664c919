/**
 * System tests with real parts: single nodes and pairs booted from the built distribution on
 * loopback, SIPp as the SIP peer (also as UAS for the calls the service places) and linphonec, a real
 * SIP user agent from Debian, plus a smoke run of the benchmark.
 */
package org.dualsip.itests.system;
