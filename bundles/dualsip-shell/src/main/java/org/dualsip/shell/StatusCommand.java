package org.dualsip.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dualsip.api.node.NodeStatusService;

/** {@code dualsip:status}: the node at a glance. */
@Service
@Command(scope = "dualsip", name = "status", description = "Shows this node: role, service address, calls, uptime.")
public class StatusCommand implements Action {

    /** Printed instead of a stack trace when the SIP bundle's services are absent. */
    static final String NOT_RUNNING = "dualsip SIP service is not running";

    // Optional, so the command still exists (and says why it has nothing) while SIP is stopped.
    @Reference(optional = true)
    NodeStatusService statusService;

    @Option(name = "--json", aliases = "-j", description = "Print JSON for scripts.")
    boolean json;

    /** Where the output goes; the session's console in Karaf. */
    PrintStream out = System.out;

    @Override
    public Object execute() {
        if (statusService == null) {
            out.println(NOT_RUNNING);
            return null;
        }
        StatusReport report = new StatusReport(statusService.status());
        if (json) {
            out.println(JsonText.of(report.json()));
        } else {
            report.lines().forEach(out::println);
        }
        return null;
    }
}
