package org.dualsip.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs Karaf shell commands in-process, as an operator would type them. */
final class KarafShell {

    private final SessionFactory sessionFactory;

    KarafShell(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /**
     * Runs the command and returns what it printed (and its result). Commands register
     * asynchronously after their bundle starts, so "not found" is retried until the deadline.
     */
    String execute(String command, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            try {
                return executeOnce(command);
            } catch (Exception e) {
                boolean notYetThere = String.valueOf(e.getMessage()).contains("not found");
                if (!notYetThere || System.nanoTime() > deadline) {
                    throw new AssertionError("'" + command + "' failed: " + e, e);
                }
                Thread.sleep(250);
            }
        }
    }

    private String executeOnce(String command) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), printStream, printStream);
            try {
                Object result = session.execute(command);
                if (result != null) {
                    session.getConsole().println(result);
                }
            } finally {
                session.close();
            }
            printStream.flush();
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
