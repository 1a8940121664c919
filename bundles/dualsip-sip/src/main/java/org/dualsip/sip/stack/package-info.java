/** The embedded JAIN-SIP stack: its tuned properties, factories and the listening points it binds. */
package org.dualsip.sip.stack;
