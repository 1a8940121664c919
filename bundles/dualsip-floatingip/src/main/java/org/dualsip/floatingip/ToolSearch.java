package org.dualsip.floatingip;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the driver's tools. The sbin directories are always searched: a service manager often
 * starts Karaf with a PATH without them, and ip lives in /usr/sbin on Debian.
 */
final class ToolSearch {

    private static final String[] SYSTEM_DIRECTORIES = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
        "/usr/bin", "/sbin", "/bin"};

    private final Set<String> directories = new LinkedHashSet<>();

    /** Only these directories, no system ones (tests). */
    static ToolSearch only(String... directories) {
        ToolSearch search = new ToolSearch(null);
        search.directories.clear();
        search.directories.addAll(List.of(directories));
        return search;
    }

    ToolSearch(String pathVariable) {
        if (pathVariable != null) {
            for (String directory : pathVariable.split(File.pathSeparator)) {
                if (!directory.isBlank()) {
                    directories.add(directory);
                }
            }
        }
        directories.addAll(List.of(SYSTEM_DIRECTORIES));
    }

    /** From this process's PATH. */
    static ToolSearch ofEnvironment() {
        return new ToolSearch(System.getenv("PATH"));
    }

    Optional<Path> find(String tool) {
        if (tool.contains("/")) {
            Path path = Path.of(tool);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        return directories.stream().map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    /** The PATH given to the tools, so that they find each other (ip netns exec, stdbuf, sh). */
    String searchPath() {
        return String.join(File.pathSeparator, directories);
    }
}
