package org.dualsip.bench.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sets keys in a Karaf {@code .cfg}/{@code .properties} file while keeping its comments and order:
 * the first active line for a key is replaced, a missing key is appended, a missing file is created.
 */
public final class PropertiesFileEditor {

    private PropertiesFileEditor() {
    }

    public static void set(Path file, Map<String, String> values) throws IOException {
        List<String> lines = Files.exists(file)
                ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1))
                : new ArrayList<>();
        Files.write(file, apply(lines, values), StandardCharsets.ISO_8859_1);
    }

    static List<String> apply(List<String> lines, Map<String, String> values) {
        List<String> result = new ArrayList<>(lines);
        values.forEach((key, value) -> {
            Pattern active = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
            int index = indexOf(result, active);
            String line = key + " = " + value;
            if (index >= 0) {
                result.set(index, line);
            } else {
                result.add(line);
            }
        });
        return result;
    }

    private static int indexOf(List<String> lines, Pattern pattern) {
        for (int i = 0; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }
}
