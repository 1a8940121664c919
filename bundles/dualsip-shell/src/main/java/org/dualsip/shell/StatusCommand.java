package org.dualsip.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dualsip.api.address.FloatingAddressStatusService;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.NodeStatusService;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.PairStatus;

/** {@code dualsip:status}: the node and the pair at a glance. */
@Service
@Command(scope = "dualsip", name = "status",
        description = "Shows this node and the pair: role, epoch, peer, sync state, service address, calls, "
                + "uptime, last role changes.")
public class StatusCommand implements Action {

    /** Printed instead of a stack trace when neither the SIP nor the sync bundle's services are there. */
    static final String NOT_RUNNING = StatusReport.SIP_NOT_RUNNING;

    // Optional, so the command still exists (and says why it has nothing) while SIP is stopped.
    @Reference(optional = true)
    NodeStatusService statusService;

    // Optional: without the sync bundle the status shows the node alone.
    @Reference(optional = true)
    PairService pairService;

    // Optional: without the floating-IP bundle its lines are left out.
    @Reference(optional = true)
    FloatingAddressStatusService addressStatusService;

    @Option(name = "--json", aliases = "-j", description = "Print JSON for scripts.")
    boolean json;

    /** Where the output goes; the session's console in Karaf. */
    PrintStream out = System.out;

    @Override
    public Object execute() {
        NodeStatus node = statusService == null ? null : statusService.status();
        PairStatus pair = pairService == null ? null : pairService.status();
        if (node == null && pair == null) {
            out.println(NOT_RUNNING);
            return null;
        }
        StatusReport report = new StatusReport(node, pair,
                addressStatusService == null ? null : addressStatusService.status());
        if (json) {
            out.println(JsonText.of(report.json()));
        } else {
            report.lines().forEach(out::println);
        }
        return null;
    }
}
