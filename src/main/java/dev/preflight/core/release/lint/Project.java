package dev.preflight.core.release.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.preflight.core.report.ErrorCode;
import dev.preflight.core.report.PreflightException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A balena project folder as the linter sees it: the compose services (or one implicit service for a
 * single Dockerfile), each with its Dockerfile and the text files its build context holds. Reads at
 * most {@link #MAX_FILES} files of {@link #MAX_FILE_BYTES} each.
 */
public record Project(Path root, Path composeFile, Map<String, Service> services) {
    static final int MAX_FILES = 400;
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One text file: its path relative to the project and its lines. */
    public record Source(String path, List<String> lines, boolean dockerfile) {
    }

    /** A service: its compose definition (an empty object for a single-Dockerfile project) and its files. */
    public record Service(String name, JsonNode compose, List<Source> files) {
    }

    /** Loads PATH: a folder with docker-compose.yml, or with a Dockerfile(.template), or a Dockerfile itself. */
    public static Project load(Path path) {
        if (!Files.exists(path)) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, path + " does not exist.",
                    "Give the project folder (with docker-compose.yml or a Dockerfile) or a Dockerfile.");
        }
        Path root = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        try {
            for (String name : List.of("docker-compose.yml", "docker-compose.yaml")) {
                Path compose = root.resolve(name);
                boolean given = !Files.isDirectory(path) && name.equals(String.valueOf(path.getFileName()));
                if ((Files.isDirectory(path) || given) && Files.isRegularFile(compose)) {
                    return new Project(root, compose, services(root, compose)); // a compose file stands for its folder
                }
            }
            if (!Files.isDirectory(path)
                    && !String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT).contains("dockerfile")) {
                // read as a Dockerfile, any other file would pass with nothing found
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, path + " is not a balena project.",
                        "Give the project folder (with docker-compose.yml or a Dockerfile), its docker-compose.yml,"
                                + " or a Dockerfile.");
            }
            Path dockerfile = Files.isDirectory(path) ? dockerfile(root) : path;
            if (dockerfile == null) {
                throw new PreflightException(ErrorCode.UNREADABLE_INPUT, root + " holds no docker-compose.yml,"
                        + " Dockerfile.template or Dockerfile.", "Give a balena project folder or a Dockerfile.");
            }
            // balena runs a single-container project privileged, host-networked (release-facts.md §1.5)
            ObjectNode implicit = JsonNodeFactory.instance.objectNode();
            implicit.put("network_mode", "host");
            implicit.put("privileged", true);
            Map<String, Service> one = new LinkedHashMap<>();
            one.put("main", new Service("main", implicit, files(root, root, dockerfile)));
            return new Project(root, null, one);
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, "The project " + root + " could not be read: "
                    + e.getMessage(), "Check the path and its permissions.", e);
        }
    }

    private static Map<String, Service> services(Path root, Path compose) throws IOException {
        JsonNode doc;
        try {
            doc = YAML.readTree(compose.toFile());
        } catch (IOException e) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, compose + " is not valid YAML"
                    + (e instanceof JsonProcessingException j && j.getLocation() != null
                    ? " (line " + j.getLocation().getLineNr() + ")" : "") + ".", "Fix the file and run lint again.");
        }
        Map<String, Service> out = new LinkedHashMap<>();
        if (doc == null || !doc.path("services").isObject()) {
            throw new PreflightException(ErrorCode.UNREADABLE_INPUT, compose + " has no services.",
                    "A balena docker-compose.yml lists its containers under \"services:\".");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            JsonNode build = s.getValue().path("build");
            String context = build.isTextual() ? build.asText() : build.path("context").asText(null);
            List<Source> files = List.of();
            if (context != null) {
                Path ctx = root.resolve(context).normalize();
                if (ctx.startsWith(root) && Files.isDirectory(ctx)) {
                    String df = build.path("dockerfile").asText(null);
                    Path dockerfile = df != null ? ctx.resolve(df) : dockerfile(ctx);
                    files = files(root, ctx, dockerfile);
                }
            }
            out.put(s.getKey(), new Service(s.getKey(), s.getValue(), files));
        }
        return out;
    }

    /** balena's choice, less device-type files: Dockerfile.template before Dockerfile (docs dockerfile.md). */
    private static Path dockerfile(Path ctx) {
        for (String n : List.of("Dockerfile.template", "Dockerfile")) {
            if (Files.isRegularFile(ctx.resolve(n))) {
                return ctx.resolve(n);
            }
        }
        return null;
    }

    /** The Dockerfile first, then the context's other text files (scripts the image copies), bounded. */
    private static List<Source> files(Path root, Path ctx, Path dockerfile) throws IOException {
        List<Source> out = new ArrayList<>();
        if (dockerfile != null && Files.isRegularFile(dockerfile)) {
            out.add(read(root, dockerfile, true));
        }
        try (Stream<Path> walk = Files.walk(ctx, 6)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                String n = p.getFileName().toString();
                if (out.size() >= MAX_FILES || p.equals(dockerfile) || n.startsWith("Dockerfile")
                        || n.startsWith("docker-compose") || p.toString().contains("/.git/")
                        || p.toString().contains("/node_modules/") || Files.size(p) > MAX_FILE_BYTES || !text(p)) {
                    continue;
                }
                out.add(read(root, p, false));
            }
        }
        return out;
    }

    private static boolean text(Path p) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(p)) {
            head = in.readNBytes(512);
        }
        for (byte b : head) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    private static Source read(Path root, Path p, boolean dockerfile) throws IOException {
        String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        return new Source(root.relativize(p).toString().replace('\\', '/'), List.of(text.split("\r?\n", -1)),
                dockerfile);
    }
}
