package org.dualsip.floatingip;

/** A driver of this bundle that reports {@link DriverDiagnostics} for the node status. */
interface DiagnosedDriver {

    DriverDiagnostics diagnostics();
}
