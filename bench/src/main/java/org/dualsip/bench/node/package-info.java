/** Boots a dualsip node from the built distribution for the system tests and the benchmark. */
package org.dualsip.bench.node;
