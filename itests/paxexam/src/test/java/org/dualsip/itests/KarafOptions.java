package org.dualsip.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;

/**
 * The options every forked Karaf of these tests needs: the distribution, ports from the ranges
 * reserved for this module, a local-repository-only Maven resolver, and the JVM options that
 * {@code bin/karaf} passes on Java 17 (without them the container fails with
 * {@code NoClassDefFoundError: OsgiLocator}).
 */
final class KarafOptions {

    /** Ranges reserved for this module (other builds on the machine use other ranges). */
    static final int SSH_MIN = 8201;
    static final int SSH_MAX = 8209;
    static final int RMI_REGISTRY_MIN = 1201;
    static final int RMI_REGISTRY_MAX = 1209;
    static final int RMI_SERVER_MIN = 44501;
    static final int RMI_SERVER_MAX = 44509;
    static final int SIP_MIN = 25060;
    static final int SIP_MAX = 25099;

    /** System properties that carry the chosen SIP endpoint into the container. */
    static final String SIP_ADDRESS_PROPERTY = "dualsip.itest.sip.address";
    static final String SIP_PORT_PROPERTY = "dualsip.itest.sip.port";

    private KarafOptions() {
    }

    /**
     * A forked Karaf from the given distribution, with SIP configured on {@code sipAddress} and a
     * free port (readable in the container through {@link #sipPort()}).
     */
    static Option karaf(MavenArtifactUrlReference distribution, String name, String sipAddress) {
        String karafVersion = System.getProperty("karaf.version", "4.4.10");
        int sipPort = FreePorts.sip(sipAddress, SIP_MIN, SIP_MAX);
        return composite(
                karafDistributionConfiguration()
                        .frameworkUrl(distribution)
                        .karafVersion(karafVersion)
                        .name(name)
                        .unpackDirectory(new File(targetDirectory(), "exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                ports(),
                offlineMaven(),
                java17(karafVersion),
                editConfigurationFilePut("etc/org.dualsip.floatingip.cfg", "address", sipAddress),
                editConfigurationFilePut("etc/org.dualsip.sip.cfg", "port", Integer.toString(sipPort)),
                systemProperty(SIP_ADDRESS_PROPERTY).value(sipAddress),
                systemProperty(SIP_PORT_PROPERTY).value(Integer.toString(sipPort)));
    }

    /** Inside the container: the service address SIP was configured on at boot. */
    static String sipAddress() {
        return System.getProperty(SIP_ADDRESS_PROPERTY);
    }

    /** Inside the container: the SIP port configured at boot. */
    static int sipPort() {
        return Integer.parseInt(System.getProperty(SIP_PORT_PROPERTY));
    }

    private static Option ports() {
        return composite(
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort",
                        Integer.toString(FreePorts.tcp(SSH_MIN, SSH_MAX))),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(FreePorts.tcp(RMI_REGISTRY_MIN, RMI_REGISTRY_MAX))),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(FreePorts.tcp(RMI_SERVER_MIN, RMI_SERVER_MAX))));
    }

    /** The container resolves only from the local repository that Maven filled for this build. */
    private static Option offlineMaven() {
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("user.home") + "/.m2/repository");
        return composite(
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"));
    }

    /** What bin/karaf adds on Java 9+; Pax Exam starts the JVM itself and needs them too. */
    private static Option java17(String karafVersion) {
        return composite(
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"),
                vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                vmOption("--patch-module"),
                vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                vmOption("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"),
                vmOption("-classpath"),
                vmOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"
                        + File.pathSeparator + "lib/endorsed/*"),
                // a small heap: the machine is shared with other builds
                vmOption("-Xmx512m"));
    }

    private static File targetDirectory() {
        return new File(System.getProperty("dualsip.itest.dir", "target"));
    }
}
