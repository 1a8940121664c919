package org.dualsip.connector;

import org.dualsip.api.call.CallApplication;

/** Puts a CallApplication on the whiteboard (the OSGi registry in production, a map in tests). */
interface Registrar {

    /** A registered application. */
    interface Registration {
        void unregister();
    }

    Registration register(CallApplication application, String name, String pattern, int ranking);
}
