package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The benchmark, as an operator runs it, in its smoke mode: {@code bench/run-bench.sh --smoke} must
 * finish within its bound and report a positive rate for both the bare agent and the dualsip node.
 */
class BenchSmokeIT {

    @Test
    void smokeRunReportsTwoPositiveRates() throws Exception {
        SystemTestSetup.sipp();
        Path distribution = SystemTestSetup.distribution();
        Path work = SystemTestSetup.work();
        Path results = work.resolve("bench-smoke.txt");
        Path output = work.resolve("bench-smoke.log");
        Files.deleteIfExists(results);
        Process process = new ProcessBuilder(SystemTestSetup.benchScript().toString(), "--smoke",
                "--distribution", distribution.toString(),
                "--work", work.resolve("bench-work").toString(),
                "--results", results.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            // SIGTERM first: the benchmark's shutdown hooks stop the node and the bare agent it started.
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        String log = Files.readString(output);
        assertTrue(finished, "run-bench.sh --smoke did not finish within 180 s:\n" + log);
        assertEquals(0, process.exitValue(), "run-bench.sh --smoke failed:\n" + log);
        Map<String, String> figures = figures(Files.readAllLines(results));
        assertTrue(rate(figures, "bare.rate") > 0, "bare agent rate in " + figures + "\n" + log);
        assertTrue(rate(figures, "dualsip.rate") > 0, "dualsip rate in " + figures + "\n" + log);
        assertTrue(figures.containsKey("ratio"), "ratio in " + figures);
    }

    private static Map<String, String> figures(List<String> lines) {
        return lines.stream()
                .filter(l -> !l.startsWith("#") && l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')).trim(),
                        l -> l.substring(l.indexOf('=') + 1).replaceAll("#.*", "").trim()));
    }

    private static int rate(Map<String, String> figures, String key) {
        return Integer.parseInt(figures.getOrDefault(key, "0"));
    }
}
