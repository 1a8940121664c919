/**
 * Calls as in-process applications see them: the {@link org.dualsip.api.call.Call} view, the
 * {@link org.dualsip.api.call.CallEvent events} an application receives through its
 * {@link org.dualsip.api.call.CallApplication} whiteboard service, and the commands it gives through
 * {@link org.dualsip.api.call.CallControl}.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
@org.osgi.annotation.bundle.Export
package org.dualsip.api.call;
