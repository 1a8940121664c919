/**
 * The demo application: answers every offered call after a configurable delay with a fixed SDP
 * answer, optionally hangs up after a configurable time, and accepts every re-INVITE/UPDATE.
 * Used by the run command, the Pax Exam tests and the SIPp system tests. Private to the bundle.
 */
package org.dualsip.demo;
