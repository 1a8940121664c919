package org.dualsip.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The features repository in a stock Apache Karaf 4.4.10: {@code dualsip} and {@code dualsip-demo}
 * install from {@code mvn:org.dualsip/dualsip-features/<version>/xml/features}, and the demo
 * application answers a call made from outside with plain SIP over UDP.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafFeaturesIT {

    private static final String SIP_ADDRESS = "127.0.0.11";
    private static final String SDP_OFFER = "v=0\r\n"
            + "o=itest 1 1 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n";

    @Inject
    @Filter(timeout = 180_000)
    private BootFinished bootFinished;

    @Inject
    private FeaturesService featuresService;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return new Option[] {
            KarafOptions.karaf(maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject(),
                    "Apache Karaf (stock)", SIP_ADDRESS),
            features(maven("org.dualsip", "dualsip-features").classifier("features").type("xml").versionAsInProject(),
                    "dualsip", "dualsip-demo"),
        };
    }

    @Test
    public void featuresAreInstalled() throws Exception {
        assertTrue("dualsip installed", featuresService.isInstalled(featuresService.getFeature("dualsip")));
        assertTrue("dualsip-demo installed", featuresService.isInstalled(featuresService.getFeature("dualsip-demo")));
    }

    @Test
    public void theSyncBundleRunsStandaloneWithItsDocumentedConfiguration() throws Exception {
        Bundle sync = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "org.dualsip.sync".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("bundle org.dualsip.sync is not installed"));
        assertEquals("org.dualsip.sync state", Bundle.ACTIVE, sync.getState());
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.dualsip.sync.cfg");
        assertTrue(cfg + " installed by the feature", Files.isRegularFile(cfg));
        assertTrue("the installed " + cfg + " is the documented one (standalone: empty peer)",
                Files.readAllLines(cfg).stream().anyMatch(line -> line.replace(" ", "").equals("peer=")));
    }

    @Test
    public void demoAnswersACallAndTheCallerHangsUp() throws Exception {
        String host = KarafOptions.sipAddress();
        int port = KarafOptions.sipPort();
        try (SipUdpClient client = new SipUdpClient()) {
            Await.optionsOk(client, host, port, 60_000);

            String callId = SipUdpClient.token() + "@127.0.0.1";
            List<SipMessage> responses = client.invite(host, port, callId, SDP_OFFER, 10_000);
            List<Integer> codes = responses.stream().map(SipMessage::status).collect(Collectors.toList());
            SipMessage ok = responses.get(responses.size() - 1);

            assertEquals("final response to INVITE, after " + codes, 200, ok.status());
            assertTrue("180 before the 200 (ring=true): " + codes, codes.contains(180));
            assertTrue("200 carries SDP", "application/sdp".equalsIgnoreCase(String.valueOf(ok.header("content-type")).trim()));
            assertTrue("SDP answer body: " + ok.body(), ok.body().startsWith("v=0"));
            assertNotNull("To tag in 200", ok.toTag());

            client.ackForSuccess(host, port, callId, ok);
            SipMessage byeResponse = client.bye(host, port, callId, ok, 5_000);
            assertNotNull("a response to BYE", byeResponse);
            assertEquals("response to BYE", 200, byeResponse.status());
        }
    }
}
