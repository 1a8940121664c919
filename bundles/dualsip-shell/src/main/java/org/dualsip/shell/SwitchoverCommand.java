package org.dualsip.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.PairStatus;

/**
 * {@code dualsip:switchover}: hands the active role to the IN_SYNC peer. A refusal ends the
 * command with an error (non-zero exit for scripts using the text form); with {@code --json} the
 * outcome is in the field {@code ok}.
 */
@Service
@Command(scope = "dualsip", name = "switchover",
        description = "Hands the active role to the peer (which must be IN_SYNC): this node becomes PASSIVE.")
public class SwitchoverCommand implements Action {

    // Optional, so the command exists and explains itself while the sync bundle is stopped.
    @Reference(optional = true)
    PairService pairService;

    @Option(name = "--json", aliases = "-j", description = "Print JSON for scripts.")
    boolean json;

    /** Where the output goes; the session's console in Karaf. */
    PrintStream out = System.out;

    @Override
    public Object execute() throws CommandException {
        SwitchoverReport report = switchover();
        if (json) {
            out.println(JsonText.of(report.json()));
        } else if (report.ok()) {
            out.println(report.text());
        } else {
            // Karaf prints a CommandException's message alone (no stack trace) and fails the command.
            throw new CommandException(report.text());
        }
        return null;
    }

    private SwitchoverReport switchover() {
        PairService pair = pairService;
        if (pair == null) {
            return SwitchoverReport.noPair();
        }
        PairStatus before;
        try {
            before = pair.status();
            pair.switchover();
        } catch (IllegalStateException e) {
            return SwitchoverReport.refused(statusOrNull(pair), e.getMessage());
        } catch (RuntimeException e) {
            // Not a refusal the API documents (e.g. the sync bundle stopping): still an answer, not a trace.
            return SwitchoverReport.refused(statusOrNull(pair), e.toString());
        }
        return SwitchoverReport.done(before);
    }

    private static PairStatus statusOrNull(PairService pair) {
        try {
            return pair.status();
        } catch (RuntimeException e) {
            return null; // the refusal itself is what matters
        }
    }
}
