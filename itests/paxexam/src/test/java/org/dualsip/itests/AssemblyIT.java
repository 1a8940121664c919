package org.dualsip.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Our distribution (dualsip-assembly): it boots with the service and the demo, the shell
 * commands run, and a change of the SIP port through Config Admin applies live while bad values
 * are refused and leave the node listening where it was.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AssemblyIT {

    private static final String SIP_ADDRESS = "127.0.0.12";
    private static final String SIP_PID = "org.dualsip.sip";

    @Inject
    @Filter(timeout = 180_000)
    private BootFinished bootFinished;

    @Inject
    @Filter(timeout = 60_000)
    private SessionFactory sessionFactory;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return new Option[] {
            KarafOptions.karaf(maven("org.dualsip", "dualsip-assembly").type("tar.gz").versionAsInProject(),
                    "dualsip", SIP_ADDRESS),
        };
    }

    @Test
    public void statusCommandShowsAStandaloneNode() throws Exception {
        KarafShell shell = new KarafShell(sessionFactory);
        String status = shell.execute("dualsip:status", 60_000);
        assertTrue("dualsip:status shows STANDALONE:\n" + status, status.contains("STANDALONE"));

        String json = shell.execute("dualsip:status --json", 10_000);
        assertTrue("dualsip:status --json shows the role:\n" + json, json.contains("\"STANDALONE\""));
        assertTrue("dualsip:status --json shows the sync state of a node without a peer:\n" + json,
                json.contains("\"NO_PEER\""));
    }

    @Test
    public void sipPortChangeAppliesLiveAndBadValuesAreRefused() throws Exception {
        String host = KarafOptions.sipAddress();
        int oldPort = KarafOptions.sipPort();
        try (SipUdpClient client = new SipUdpClient()) {
            Await.optionsOk(client, host, oldPort, 60_000);

            int newPort = FreePorts.sip(host, oldPort + 1, KarafOptions.SIP_MAX);
            updateSipPort(Integer.toString(newPort));
            Await.optionsOk(client, host, newPort, 15_000);
            assertTrue("old port " + oldPort + " still answers after the move to " + newPort,
                    Await.silent(client, host, oldPort, 3));

            for (String bad : List.of("abc", "99999")) {
                long refusalsBefore = refusalLogLines();
                updateSipPort(bad);
                // give Config Admin time to deliver the update before checking nothing moved
                Thread.sleep(1_000);
                assertEquals("port " + newPort + " still answers after port=" + bad,
                        200, Await.optionsOk(client, host, newPort, 5_000).status());
                assertTrue("a log line names " + SIP_PID + " and port after port=" + bad,
                        refusalLogLines() > refusalsBefore);
            }
        }
    }

    private void updateSipPort(String port) throws IOException {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration(SIP_PID, null);
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("port", port);
        configuration.update(properties);
    }

    /** Lines of karaf.log at WARN or ERROR that name the PID and the key. */
    private static long refusalLogLines() throws IOException {
        String logDirectory = System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log");
        Path log = Paths.get(logDirectory, "karaf.log");
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("WARN") || line.contains("ERROR"))
                .filter(line -> line.contains(SIP_PID) && line.toLowerCase(Locale.ROOT).contains("port"))
                .count();
    }
}
