package org.dualsip.shell;

import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dualsip.api.call.CallState;

/** Completes {@code dualsip:calls --state} with the call state names. */
@Service
public class CallStateCompleter implements Completer {

    private final StringsCompleter names = new StringsCompleter(
            Arrays.stream(CallState.values()).map(Enum::name).toList());

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return names.complete(session, commandLine, candidates);
    }
}
