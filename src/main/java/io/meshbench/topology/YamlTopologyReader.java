package io.meshbench.topology;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a topology file in meshbench's format or isotope's MockServiceGraph format (detected from
 * the keys used). Works on SnakeYAML's composed node tree because, unlike Jackson's tree, its
 * nodes keep their line numbers. Collects every problem it can find before giving up.
 */
final class YamlTopologyReader {

    private static final Set<String> TOP_KEYS = Set.of("name", "defaults", "services");
    private static final Set<String> DEFAULT_KEYS = Set.of("replicas", "responseSize", "errorRate", "requestSize");
    private static final Set<String> SERVICE_KEYS = Set.of("name", "replicas", "entrypoint", "responseSize",
            "errorRate", "script");
    private static final Set<String> STEP_KEYS = Set.of("sleep", "call", "concurrent");
    private static final Set<String> CALL_KEYS = Set.of("service", "size", "payloadSize");

    /** isotope's fields (its Go types and README) that meshbench models. */
    private static final Set<String> ISOTOPE_TOP_KEYS = Set.of("apiVersion", "kind", "defaults", "default", "services");
    private static final Set<String> ISOTOPE_DEFAULT_KEYS = Set.of("type", "numReplicas", "errorRate", "responseSize",
            "requestSize", "script", "isEntrypoint");
    private static final Set<String> ISOTOPE_SERVICE_KEYS = Set.of("name", "type", "numReplicas", "isEntrypoint",
            "errorRate", "responseSize", "script");
    private static final Set<String> ISOTOPE_CALL_KEYS = Set.of("service", "size", "payloadSize", "probability");
    /**
     * isotope's fields that meshbench knowingly does not model: read and listed as ignored. Any
     * other key in an isotope file is a mistake (a typo would otherwise silently change the graph).
     */
    static final Set<String> ISOTOPE_UNMODELLED = Set.of("numRbacPolicies", "namespace", "cluster", "memoryUsage",
            "computeUsage", "hostname", "extra-header", "call-override");

    private record Defaults(int replicas, long responseSize, double errorRate, long requestSize, List<Step> script,
                            boolean entrypoint) {
        static final Defaults NONE = new Defaults(1, 0, 0.0, 0, List.of(), false);
    }

    private final SourceMap source;
    private final List<TopologyException.Problem> problems = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private TopologyFormat format = TopologyFormat.MESHBENCH;
    private final int maxReplicas;

    private YamlTopologyReader(String file, int maxReplicas) {
        this.source = new SourceMap(file);
        this.maxReplicas = maxReplicas;
    }

    /**
     * @param file        the file as the user knows it, used in messages and as the topology's source
     * @param defaultName topology name when the file does not give one (its base name)
     * @param maxReplicas the most replicas a service may ask for; more is a problem naming {@code -DmaxReplicas}
     */
    static Topology read(String text, String file, String defaultName, int maxServices, int maxReplicas) {
        return new YamlTopologyReader(file, maxReplicas).parse(text, defaultName, maxServices);
    }

    private Topology parse(String text, String defaultName, int maxServices) {
        Node root = compose(text);
        if (root == null || isNull(root)) {
            fail(0, "", "the file is empty — a topology needs at least 'services:' with one entrypoint service "
                    + "(see topologies/README.md)");
        }
        if (!(root instanceof MappingNode rootMap)) {
            fail(line(root), "", "the top level must be a mapping with 'services:' (and optionally 'name:' and "
                    + "'defaults:'), found " + describe(root));
            throw new AssertionError();
        }
        format = TopologyFormatDetector.detect(rootMap, source, problems);
        throwIfProblems();

        Map<String, Node> top = fields(rootMap, "");
        boolean isotope = format == TopologyFormat.ISOTOPE;
        if (isotope && top.containsKey("default")) {
            if (top.containsKey("defaults")) {
                problem("default", "both 'default' and 'defaults' are given — keep one ('defaults' is what isotope's parser reads)");
            } else {
                top.put("defaults", top.remove("default"));
                notes.add("'default:' read as 'defaults:' (isotope's README writes 'default', its parser reads 'defaults')");
            }
        }
        String name = defaultName;
        for (String key : top.keySet()) {
            if (isotope && ISOTOPE_TOP_KEYS.contains(key)) {
                // apiVersion and kind identify the file; they change nothing in the graph.
                continue;
            }
            if (key.equals("name") && format == TopologyFormat.MESHBENCH) {
                String given = scalar(top.get(key), "name", "a topology name");
                if (given != null && given.matches("[A-Za-z0-9._-]+")) {
                    name = given;
                } else if (given != null) {
                    problem("name", "'" + given + "' is not a usable topology name — use letters, digits, '.', "
                            + "'_' and '-' (it becomes part of the run id)");
                }
            } else if (!key.equals("defaults") && !key.equals("services")) {
                unknownKey(key, key, isotope ? ISOTOPE_TOP_KEYS : TOP_KEYS);
            }
        }
        Defaults defaults = top.containsKey("defaults") ? defaults(top.get("defaults")) : Defaults.NONE;
        List<Service> services = new ArrayList<>();
        Node servicesNode = top.get("services");
        if (servicesNode == null) {
            problem("", "no 'services:' list — add 'services:' with at least one service marked as the entrypoint");
        } else if (servicesNode instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                source.recordLine("services[" + i + "]", line(list.getValue().get(i)));
                Service s = service(list.getValue().get(i), "services[" + i + "]", defaults);
                if (s != null) services.add(s);
            }
        } else if (!isNull(servicesNode)) {
            problem("services", "'services' must be a list of services ('- name: …'), found " + describe(servicesNode));
        }
        if (isotope) services = withRootsAsEntrypoints(services);
        if (services.isEmpty() && problems.isEmpty()) {
            problem("services", "no services — declare at least one service under services:, marked as the entrypoint");
        } else if (!services.isEmpty()) {
            problems.addAll(TopologyValidator.validate(services, source, maxServices));
        }
        throwIfProblems();
        return new Topology(name, source.file(), services, ignored, notes);
    }

    /**
     * An isotope file that marks no entry point: isotope's load client is pointed at the graph's
     * root, so the services nothing calls become the entry points, and a note says so.
     */
    private List<Service> withRootsAsEntrypoints(List<Service> services) {
        if (services.isEmpty() || services.stream().anyMatch(Service::entrypoint)) return services;
        Set<String> called = new java.util.HashSet<>();
        services.forEach(s -> called.addAll(s.callees()));
        List<String> roots = services.stream().map(Service::name).filter(n -> !called.contains(n)).toList();
        if (roots.isEmpty()) return services;
        notes.add("no service is marked isEntrypoint: true — the services nothing calls receive the load, as "
                + "isotope's load client targets the graph's root: " + String.join(", ", roots));
        return services.stream().map(s -> roots.contains(s.name())
                ? new Service(s.name(), s.replicas(), true, s.responseSizeBytes(), s.errorRate(), s.script()) : s).toList();
    }

    private Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        // Generated graphs of several thousand services exceed SnakeYAML's default 3 MB input limit.
        options.setCodePointLimit(64 * 1024 * 1024);
        try {
            return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            fail(line, "", "malformed YAML: " + e.getProblem() + context
                    + " — fix the YAML syntax there (indentation, a missing ':' or an unclosed quote or bracket)");
        } catch (YAMLException e) {
            fail(0, "", "malformed YAML: " + e.getMessage() + " — fix the YAML syntax");
        }
        throw new AssertionError();
    }

    private Defaults defaults(Node node) {
        if (isNull(node)) return Defaults.NONE;
        if (!(node instanceof MappingNode map)) {
            problem("defaults", "'defaults' must be a mapping of field: value, found " + describe(node));
            return Defaults.NONE;
        }
        Defaults d = Defaults.NONE;
        boolean isotope = format == TopologyFormat.ISOTOPE;
        String replicasKey = isotope ? "numReplicas" : "replicas";
        int replicas = d.replicas();
        long responseSize = d.responseSize();
        double errorRate = d.errorRate();
        long requestSize = d.requestSize();
        List<Step> script = d.script();
        boolean entrypoint = false;
        Map<String, Node> fields = fields(map, "defaults");
        // requestSize first: a default script's calls take it as their payload size.
        if (fields.containsKey("requestSize")) requestSize = size(fields.get("requestSize"), "defaults.requestSize");
        for (Map.Entry<String, Node> f : fields.entrySet()) {
            String path = "defaults." + f.getKey();
            switch (f.getKey()) {
                case "requestSize" -> { }
                case "responseSize" -> responseSize = size(f.getValue(), path);
                case "errorRate" -> errorRate = errorRate(f.getValue(), path);
                default -> {
                    if (f.getKey().equals(replicasKey)) {
                        replicas = replicas(f.getValue(), path);
                    } else if (isotope && f.getKey().equals("type")) {
                        serviceType(f.getValue(), path);
                    } else if (isotope && f.getKey().equals("script")) {
                        script = steps(f.getValue(), path, new Defaults(1, 0, 0, requestSize, List.of(), false));
                    } else if (isotope && f.getKey().equals("isEntrypoint")) {
                        entrypoint = bool(f.getValue(), path);
                    } else {
                        unknownKey(f.getKey(), path, isotope ? ISOTOPE_DEFAULT_KEYS : DEFAULT_KEYS);
                    }
                }
            }
        }
        return new Defaults(replicas, responseSize, errorRate, requestSize, script, entrypoint);
    }

    private Service service(Node node, String path, Defaults d) {
        if (!(node instanceof MappingNode map)) {
            problem(path, "a service must be a mapping starting with '- name: …', found " + describe(node));
            return null;
        }
        boolean isotope = format == TopologyFormat.ISOTOPE;
        String replicasKey = isotope ? "numReplicas" : "replicas";
        String entrypointKey = isotope ? "isEntrypoint" : "entrypoint";
        String name = null;
        int replicas = d.replicas();
        boolean entrypoint = d.entrypoint();
        long responseSize = d.responseSize();
        double errorRate = d.errorRate();
        List<Step> script = d.script();
        for (Map.Entry<String, Node> f : fields(map, path).entrySet()) {
            String key = f.getKey();
            String fieldPath = path + "." + key;
            Node value = f.getValue();
            if (key.equals("name")) {
                name = scalar(value, fieldPath, "a service name");
                if (name != null && name.isEmpty()) {
                    problem(fieldPath, "empty service name — give the service a name");
                    name = null;
                }
            } else if (key.equals(replicasKey)) {
                replicas = replicas(value, fieldPath);
            } else if (key.equals(entrypointKey)) {
                entrypoint = bool(value, fieldPath);
            } else if (key.equals("responseSize")) {
                responseSize = size(value, fieldPath);
            } else if (key.equals("errorRate")) {
                errorRate = errorRate(value, fieldPath);
            } else if (key.equals("script")) {
                script = steps(value, fieldPath, d);
            } else if (isotope && key.equals("type")) {
                serviceType(value, fieldPath);
            } else {
                unknownKey(key, fieldPath, isotope ? ISOTOPE_SERVICE_KEYS : SERVICE_KEYS);
            }
        }
        if (name == null) {
            if (!map.getValue().stream().anyMatch(t -> "name".equals(keyOf(t)))) {
                problem(path, "service without a name — add 'name: <service>'");
            }
            return null;
        }
        return new Service(name, replicas, entrypoint, responseSize, errorRate, script);
    }

    private List<Step> steps(Node node, String path, Defaults d) {
        if (isNull(node)) return List.of();
        if (!(node instanceof SequenceNode list)) {
            problem(path, "a script must be a list of steps ('- sleep: 10ms', '- call: name'), found " + describe(node));
            return List.of();
        }
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String itemPath = path + "[" + i + "]";
            source.recordLine(itemPath, line(item));
            Step step = step(item, itemPath, d);
            if (step != null) out.add(step);
        }
        return out;
    }

    private Step step(Node node, String path, Defaults d) {
        if (node instanceof SequenceNode) {
            // isotope's concurrent group: a list nested in the script (the detector made sure of the format).
            return concurrent(node, path, d);
        }
        if (!(node instanceof MappingNode map)) {
            problem(path, "a step must be 'sleep: <duration>', 'call: <service>' or 'concurrent: [steps]', found "
                    + describe(node));
            return null;
        }
        Map<String, Node> fields = fields(map, path);
        if (fields.size() != 1) {
            problem(path, "a step has exactly one of sleep, call" + (format == TopologyFormat.MESHBENCH
                    ? ", concurrent" : "") + "; found " + (fields.isEmpty() ? "none" : String.join(", ", fields.keySet()))
                    + " — split it into separate steps");
            return null;
        }
        Map.Entry<String, Node> only = fields.entrySet().iterator().next();
        String stepPath = path + "." + only.getKey();
        return switch (only.getKey()) {
            case "sleep" -> sleep(only.getValue(), stepPath);
            case "call" -> call(only.getValue(), stepPath, d);
            case "concurrent" -> format == TopologyFormat.MESHBENCH ? concurrent(only.getValue(), stepPath, d)
                    : unknownStep(only.getKey(), stepPath);
            default -> unknownStep(only.getKey(), stepPath);
        };
    }

    private Step unknownStep(String key, String path) {
        String suggestion = Names.closest(key, STEP_KEYS).map(s -> " (did you mean '" + s + "'?)").orElse("");
        problem(path, "unknown step '" + key + "' — a step is 'sleep: <duration>', 'call: <service>'"
                + (format == TopologyFormat.MESHBENCH ? " or 'concurrent: [steps]'" : " or a nested list of steps")
                + suggestion);
        return null;
    }

    private Step concurrent(Node node, String path, Defaults d) {
        if (!(node instanceof SequenceNode group)) {
            problem(path, "a concurrent group must be a list of steps, found " + describe(node));
            return null;
        }
        if (format == TopologyFormat.ISOTOPE) {
            for (int i = 0; i < group.getValue().size(); i++) {
                if (group.getValue().get(i) instanceof SequenceNode inner) {
                    problem(path + "[" + i + "]", "concurrent steps may not be nested (isotope refuses a list inside a "
                            + "list of steps too) — move these steps into the enclosing list", line(inner));
                    return null;
                }
            }
        }
        List<Step> inner = steps(node, path, d);
        if (inner.isEmpty() && ((SequenceNode) node).getValue().isEmpty()) {
            problem(path, "empty concurrent group — list the steps to run at once, or remove it");
            return null;
        }
        return new Step.Concurrent(inner);
    }

    private Step sleep(Node node, String path) {
        if (node instanceof MappingNode) {
            problem(path, "only fixed sleeps such as 'sleep: 10ms' are modelled — replace the sleep distribution "
                    + "with a fixed duration");
            return null;
        }
        String text = scalar(node, path, "a duration");
        if (text == null) return null;
        Duration duration;
        try {
            duration = Quantities.parseDuration(text);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return null;
        }
        if (duration.compareTo(Limits.MAX_SLEEP) > 0) {
            problem(path, "sleep " + text + " is longer than the limit of " + Quantities.formatDuration(Limits.MAX_SLEEP)
                    + " — use a shorter sleep (did you mean ms?)");
            return null;
        }
        return new Step.Sleep(duration);
    }

    private Step call(Node node, String path, Defaults d) {
        String service = null;
        long size = d.requestSize();
        int probability = 100;
        boolean isotope = format == TopologyFormat.ISOTOPE;
        if (node instanceof MappingNode map) {
            Map<String, Node> fields = fields(map, path);
            if (fields.containsKey("size") && fields.containsKey("payloadSize")) {
                problem(path + ".payloadSize", "give either size or payloadSize, not both (they mean the same)");
            }
            for (Map.Entry<String, Node> f : fields.entrySet()) {
                String fieldPath = path + "." + f.getKey();
                switch (f.getKey()) {
                    case "service" -> service = scalar(f.getValue(), fieldPath, "a service name");
                    case "size", "payloadSize" -> size = size(f.getValue(), fieldPath);
                    case "probability" -> {
                        if (isotope) probability = probability(f.getValue(), fieldPath);
                        else unknownKey(f.getKey(), fieldPath, CALL_KEYS);
                    }
                    default -> unknownKey(f.getKey(), fieldPath, isotope ? ISOTOPE_CALL_KEYS : CALL_KEYS);
                }
            }
            if (service == null && !fields.containsKey("service")) {
                problem(path, "a call needs the service to call — write 'call: {service: <name>, size: 1 KB}'");
            }
        } else {
            service = scalar(node, path, "a service name");
        }
        if (service == null || service.isEmpty()) {
            if (service != null) problem(path, "empty service name — name the service to call");
            return null;
        }
        Step.Call call = new Step.Call(service, size, probability);
        source.recordStep(call, path);
        return call;
    }

    private void serviceType(Node node, String path) {
        String type = scalar(node, path, "http or grpc");
        if (type == null) return;
        switch (type.toLowerCase(Locale.ROOT)) {
            case "http" -> { }
            case "grpc" -> ignored.add(path + ": grpc (not modelled; served over HTTP)");
            default -> problem(path, "unknown service type '" + type + "' — isotope knows http and grpc");
        }
    }

    /** isotope's {@code probability}: the percentage (1..100) of requests that make the call. */
    private int probability(Node node, String path) {
        String text = scalar(node, path, "a percentage of calls, 1 to 100");
        if (text == null) return 100;
        String digits = text.trim().endsWith("%") ? text.trim().substring(0, text.trim().length() - 1).trim() : text.trim();
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            problem(path, "'" + text + "' is not a whole percentage — give the share of requests that make this call, 1 to 100");
            return 100;
        }
        if (value == 0) {
            problem(path, "probability 0 means 'not set' to isotope, so every call would be made — remove the call, "
                    + "or give 1 to 100");
            return 100;
        }
        if (value < 0 || value > 100) {
            problem(path, "probability " + value + " is out of range — give the percentage of requests that make this "
                    + "call, 1 to 100");
            return 100;
        }
        return (int) value;
    }

    private int replicas(Node node, String path) {
        String text = scalar(node, path, "a replica count");
        if (text == null) return 1;
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            problem(path, "'" + text + "' is not a whole number — give the number of replicas, 1 to " + maxReplicas);
            return 1;
        }
        if (value < 1) {
            problem(path, value + " replicas is out of range — use 1 to " + maxReplicas);
            return 1;
        }
        if (value > maxReplicas) {
            problem(path, value + " replicas is more than the limit of " + maxReplicas + " — use fewer, or raise the "
                    + "limit with -D" + Limits.MAX_REPLICAS_PROPERTY + "=" + value);
            return 1;
        }
        return (int) value;
    }

    private long size(Node node, String path) {
        String text = scalar(node, path, "a size");
        if (text == null) return 0;
        try {
            long bytes = Quantities.parseSize(text);
            if (bytes > Limits.MAX_SIZE_BYTES) {
                problem(path, "size " + text + " is larger than the limit of " + Quantities.formatSize(Limits.MAX_SIZE_BYTES)
                        + " — use a smaller size");
                return 0;
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return 0;
        }
    }

    private double errorRate(Node node, String path) {
        String text = scalar(node, path, "an error rate");
        if (text == null) return 0;
        try {
            return Quantities.parseErrorRate(text);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return 0;
        }
    }

    private boolean bool(Node node, String path) {
        String text = scalar(node, path, "true or false");
        if (text == null) return false;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(path, "'" + text + "' is not true or false");
                yield false;
            }
        };
    }

    /** A mapping's entries by key, in file order; records each key's line and reports duplicate keys. */
    private Map<String, Node> fields(MappingNode map, String path) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = keyOf(tuple);
            if (key == null) {
                problem(path, "keys must be plain words, found " + describe(tuple.getKeyNode()), line(tuple.getKeyNode()));
                continue;
            }
            String keyPath = path.isEmpty() ? key : path + "." + key;
            int keyLine = line(tuple.getKeyNode());
            if (out.containsKey(key)) {
                problem(keyPath, "'" + key + "' is given twice (first at line " + source.line(keyPath)
                        + ") — keep one", keyLine);
                continue;
            }
            source.recordLine(keyPath, keyLine);
            out.put(key, tuple.getValueNode());
        }
        return out;
    }

    private static String keyOf(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    /** The text of a single value, or null (with a problem reported) when it is a list, mapping or empty. */
    private String scalar(Node node, String path, String expected) {
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) return s.getValue();
        problem(path, "expected " + expected + ", found " + describe(node));
        return null;
    }

    private void unknownKey(String key, String path, Set<String> known) {
        boolean isotope = format == TopologyFormat.ISOTOPE;
        if (isotope && ISOTOPE_UNMODELLED.contains(key)) {
            ignored.add(path + " (not modelled)");
            return;
        }
        Set<String> candidates = new java.util.TreeSet<>(known);
        if (isotope) candidates.addAll(ISOTOPE_UNMODELLED);
        String suggestion = Names.closest(key, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
        problem(path, "unknown field '" + key + "' — known here: " + String.join(", ", known.stream().sorted().toList())
                + (isotope ? " (isotope fields read but not modelled: "
                        + String.join(", ", new java.util.TreeSet<>(ISOTOPE_UNMODELLED)) + ")" : "")
                + suggestion);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof ScalarNode s) return Tag.NULL.equals(s.getTag()) ? "nothing" : "'" + s.getValue() + "'";
        return "nothing";
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private void problem(String path, String message) {
        problems.add(source.problem(path, message));
    }

    private void problem(String path, String message, int line) {
        problems.add(new TopologyException.Problem(source.file(), line, path, message));
    }

    private void fail(int line, String path, String message) {
        problems.add(new TopologyException.Problem(source.file(), line, path, message));
        throwIfProblems();
    }

    private void throwIfProblems() {
        if (problems.isEmpty()) return;
        List<TopologyException.Problem> sorted = new ArrayList<>(problems);
        // By line so the report reads top to bottom; problems without a line (whole-graph ones) last.
        sorted.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
        throw new TopologyException(sorted);
    }
}
