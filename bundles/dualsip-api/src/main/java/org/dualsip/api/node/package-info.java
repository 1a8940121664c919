/** The node as an operator sees it: its role and status, for the shell and for applications. */
@org.osgi.annotation.versioning.Version("1.0.0")
@org.osgi.annotation.bundle.Export
package org.dualsip.api.node;
