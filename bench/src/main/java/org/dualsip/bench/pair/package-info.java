/**
 * The pair benchmark ({@code bench/run-bench.sh --pair}): call rate with a passive attached against
 * the same node standalone, takeover and switchover gaps seen by a fast OPTIONS prober, sampled
 * replication lag, and heap per mirrored call on the passive.
 */
package org.dualsip.bench.pair;
