package org.dualsip.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dualsip.api.connector.ConnectedApplications;

/** {@code dualsip:apps}: the remote applications connected to this node, and the connector's counters. */
@Service
@Command(scope = "dualsip", name = "apps",
        description = "Lists the remote applications of this node: name, address, state, since, calls, patterns.")
public class AppsCommand implements Action {

    static final String NOT_RUNNING = "dualsip connector is not running";

    // Optional, so the command still exists (and says why it has nothing) while the connector is stopped.
    @Reference(optional = true)
    ConnectedApplications connector;

    @Option(name = "--json", aliases = "-j", description = "Print JSON for scripts.")
    boolean json;

    /** Where the output goes; the session's console in Karaf. */
    PrintStream out = System.out;

    @Override
    public Object execute() {
        if (connector == null) {
            out.println(NOT_RUNNING);
            return null;
        }
        AppsReport report = new AppsReport(connector.status(), connector.applications(), Instant.now());
        if (json) {
            out.println(JsonText.of(report.json()));
            return null;
        }
        out.println(report.summary());
        if (report.isEmpty()) {
            out.println("No applications.");
            return null;
        }
        ShellTable table = new ShellTable();
        AppsReport.COLUMNS.forEach(table::column);
        for (List<String> row : report.rows()) {
            table.addRow().addContent(row.toArray());
        }
        table.print(out);
        return null;
    }
}
