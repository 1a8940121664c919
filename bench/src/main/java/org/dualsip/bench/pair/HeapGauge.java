package org.dualsip.bench.pair;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of a JVM through {@code jcmd}: {@code GC.run} then {@code GC.heap_info} (the "used"
 * figure after a full collection), and the total of {@code GC.class_histogram} (live objects only;
 * the command itself collects first). Two readings of the same thing; the second is exact to the byte.
 */
public final class HeapGauge {

    /**
     * E.g. "garbage-first heap   total 262144K, used 51234K [0x..." (G1); Serial and Parallel print one
     * such line per generation, which are summed.
     */
    private static final Pattern HEAP_USED = Pattern.compile("total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    /** The last line of a class histogram: "Total   1234567   98765432". */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /** Live heap in bytes by both readings (-1 where a reading failed). */
    public record Reading(long heapInfoBytes, long histogramBytes) { }

    private final Path jcmd;
    private final Path workDir;

    public HeapGauge(Path workDir) {
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.workDir = workDir;
    }

    public Reading read(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
        long heapInfo = heapUsedBytes(run(pid, "GC.heap_info")).orElse(-1);
        long histogram = histogramBytes(run(pid, "GC.class_histogram")).orElse(-1);
        return new Reading(heapInfo, histogram);
    }

    static OptionalLong heapUsedBytes(String heapInfo) {
        Matcher matcher = HEAP_USED.matcher(heapInfo);
        long kilobytes = 0;
        boolean found = false;
        while (matcher.find()) {
            kilobytes += Long.parseLong(matcher.group(1));
            found = true;
        }
        return found ? OptionalLong.of(kilobytes * 1024) : OptionalLong.empty();
    }

    static OptionalLong histogramBytes(String histogram) {
        Matcher matcher = HISTOGRAM_TOTAL.matcher(histogram);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    private String run(long pid, String command) throws IOException, InterruptedException {
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("no jcmd at " + jcmd + ": run the bench on a JDK, not a JRE");
        }
        Files.createDirectories(workDir);
        Path output = workDir.resolve("jcmd-" + command + ".txt");
        Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("jcmd " + pid + " " + command + " did not finish within 60 s");
        }
        return Files.readString(output, StandardCharsets.ISO_8859_1);
    }
}
