package org.dualsip.itests.system;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.sipp.SippRunner;

/**
 * Where the system tests find their parts: the distribution, SIPp, our scenarios, the benchmark
 * script and their own working folder. Everything missing fails loudly with what to do about it.
 */
final class SystemTestSetup {

    private SystemTestSetup() {
    }

    /** SIPp, or an {@link IllegalStateException} naming the package to install. */
    static SippRunner sipp() {
        return SippRunner.locate();
    }

    /** The unpacked distribution (system property {@code dualsip.distribution}, set by the pom). */
    static Path distribution() {
        Path distribution = KarafNode.locateDistribution();
        if (!Files.isExecutable(distribution.resolve("bin/karaf"))) {
            throw new IllegalStateException("no built distribution at " + distribution.toAbsolutePath()
                    + ": run 'mvn install' at the root (karaf-assembly) before the system tests");
        }
        return distribution;
    }

    /** This module's build folder, where nodes and SIPp runs keep their files. */
    static Path work() {
        return Path.of(System.getProperty("dualsip.work", "target")).toAbsolutePath();
    }

    static Path scenario(String name) {
        URL url = SystemTestSetup.class.getResource("/sipp/" + name);
        if (url == null) {
            throw new IllegalStateException("scenario " + name + " missing from the test resources");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path benchScript() {
        Path script = Path.of(System.getProperty("dualsip.bench.script", "../../bench/run-bench.sh"));
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("bench script missing or not executable: " + script.toAbsolutePath());
        }
        return script;
    }
}
