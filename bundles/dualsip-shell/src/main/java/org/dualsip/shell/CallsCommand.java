package org.dualsip.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallState;

/** {@code dualsip:calls}: one row per live call. */
@Service
@Command(scope = "dualsip", name = "calls",
        description = "Lists the calls on this node: id, direction, from, to, state, age.")
public class CallsCommand implements Action {

    // Optional, so the command still exists (and says why it has nothing) while SIP is stopped.
    @Reference(optional = true)
    CallControl callControl;

    @Option(name = "--json", aliases = "-j", description = "Print JSON for scripts.")
    boolean json;

    @Option(name = "--state", aliases = "-s", description = "Only the calls in this state (e.g. CONFIRMED).")
    @Completion(CallStateCompleter.class)
    String state;

    /** Where the output goes; the session's console in Karaf. */
    PrintStream out = System.out;

    @Override
    public Object execute() {
        if (callControl == null) {
            out.println(StatusCommand.NOT_RUNNING);
            return null;
        }
        Optional<CallState> filter;
        try {
            filter = CallsReport.parseState(state);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return null;
        }
        CallsReport report = new CallsReport(callControl.calls(), Instant.now(), filter);
        if (json) {
            out.println(JsonText.of(report.json()));
        } else if (report.isEmpty()) {
            out.println(filter.map(s -> "No calls in state " + s + ".").orElse("No calls."));
        } else {
            printTable(report);
        }
        return null;
    }

    private void printTable(CallsReport report) {
        ShellTable table = new ShellTable();
        CallsReport.COLUMNS.forEach(table::column);
        for (List<String> row : report.rows()) {
            table.addRow().addContent(row.toArray());
        }
        table.print(out);
    }
}
