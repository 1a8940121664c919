/** The benchmark's baseline: a minimal auto-answering user agent on plain JAIN-SIP. */
package org.dualsip.bench.bare;
