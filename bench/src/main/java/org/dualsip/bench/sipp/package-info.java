/** Drives SIPp: a bounded child process whose statistics say how many calls succeeded and failed. */
package org.dualsip.bench.sipp;
