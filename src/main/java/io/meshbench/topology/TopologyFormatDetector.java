package io.meshbench.topology;

import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Tells the two formats apart by keys only one of them uses. isotope's: {@code apiVersion},
 * {@code kind}, {@code default}; per service (or in {@code defaults}) {@code isEntrypoint},
 * {@code numReplicas}, {@code type}, {@code numRbacPolicies}, {@code namespace}, {@code cluster},
 * {@code memoryUsage}, {@code computeUsage}; per call {@code probability}, {@code hostname},
 * {@code extra-header}, {@code call-override}; a nested list in a script. meshbench's: a top-level
 * {@code name}, {@code entrypoint}, {@code replicas}, {@code concurrent}. A file using neither set
 * (just names and calls) reads the same in both and is taken as meshbench's; a file using both is
 * refused, since a key of the other format would otherwise be silently ignored.
 */
final class TopologyFormatDetector {

    private static final Set<String> ISOTOPE_TOP_KEYS = Set.of("apiVersion", "kind", "default");
    private static final Set<String> ISOTOPE_SERVICE_KEYS = Set.of("isEntrypoint", "numReplicas", "type",
            "numRbacPolicies", "namespace", "cluster", "memoryUsage", "computeUsage");
    private static final Set<String> ISOTOPE_CALL_KEYS = Set.of("probability", "hostname", "extra-header", "call-override");
    private static final Set<String> MESHBENCH_SERVICE_KEYS = Set.of("entrypoint", "replicas");

    private record Marker(String what, String path, int line) {
    }

    private Marker meshbench;
    private Marker isotope;

    private TopologyFormatDetector() {
    }

    static TopologyFormat detect(MappingNode root, SourceMap source, List<TopologyException.Problem> problems) {
        TopologyFormatDetector d = new TopologyFormatDetector();
        d.scan(root);
        if (d.meshbench != null && d.isotope != null) {
            Marker later = d.meshbench.line() > d.isotope.line() ? d.meshbench : d.isotope;
            problems.add(new TopologyException.Problem(source.file(), later.line(), later.path(),
                    "this file mixes meshbench's format (" + d.meshbench.what() + " at line " + d.meshbench.line()
                            + ") with isotope's (" + d.isotope.what() + " at line " + d.isotope.line()
                            + ") — write the whole file in one of them (see topologies/README.md)"));
        }
        return d.isotope != null ? TopologyFormat.ISOTOPE : TopologyFormat.MESHBENCH;
    }

    private void scan(MappingNode root) {
        for (NodeTuple top : root.getValue()) {
            String key = key(top);
            if ("name".equals(key)) meshbench("top-level 'name'", "name", top);
            if (ISOTOPE_TOP_KEYS.contains(key)) isotope("top-level '" + key + "'", key, top);
            if (("defaults".equals(key) || "default".equals(key)) && top.getValueNode() instanceof MappingNode defaults) {
                for (NodeTuple t : defaults.getValue()) {
                    String k = key(t);
                    if ("replicas".equals(k)) meshbench("'replicas'", key + ".replicas", t);
                    if (ISOTOPE_SERVICE_KEYS.contains(k)) isotope("'" + k + "'", key + "." + k, t);
                    // meshbench's defaults hold no script
                    if ("script".equals(k)) {
                        isotope("'script'", key + ".script", t);
                        scanScript(t.getValueNode(), key + ".script");
                    }
                }
            }
            if ("services".equals(key) && top.getValueNode() instanceof SequenceNode services) {
                for (int i = 0; i < services.getValue().size(); i++) {
                    if (!(services.getValue().get(i) instanceof MappingNode service)) continue;
                    String path = "services[" + i + "]";
                    for (NodeTuple t : service.getValue()) {
                        String k = key(t);
                        if (MESHBENCH_SERVICE_KEYS.contains(k)) meshbench("'" + k + "'", path + "." + k, t);
                        if (ISOTOPE_SERVICE_KEYS.contains(k)) isotope("'" + k + "'", path + "." + k, t);
                        if ("script".equals(k)) scanScript(t.getValueNode(), path + ".script");
                    }
                }
            }
        }
    }

    private void scanScript(Node script, String path) {
        if (!(script instanceof SequenceNode steps)) return;
        for (int i = 0; i < steps.getValue().size(); i++) {
            Node step = steps.getValue().get(i);
            String stepPath = path + "[" + i + "]";
            if (step instanceof SequenceNode) {
                if (isotope == null) isotope = new Marker("a nested list of steps", stepPath, YamlTopologyReader.line(step));
                scanScript(step, stepPath);
            } else if (step instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if ("concurrent".equals(key(t))) {
                        meshbench("'concurrent'", stepPath + ".concurrent", t);
                        scanScript(t.getValueNode(), stepPath + ".concurrent");
                    }
                    if ("call".equals(key(t)) && t.getValueNode() instanceof MappingNode call) {
                        for (NodeTuple c : call.getValue()) {
                            String k = key(c);
                            if (ISOTOPE_CALL_KEYS.contains(k)) isotope("'" + k + "'", stepPath + ".call." + k, c);
                        }
                    }
                }
            }
        }
    }

    private void meshbench(String what, String path, NodeTuple t) {
        if (meshbench == null) meshbench = new Marker(what, path, YamlTopologyReader.line(t.getKeyNode()));
    }

    private void isotope(String what, String path, NodeTuple t) {
        if (isotope == null) isotope = new Marker(what, path, YamlTopologyReader.line(t.getKeyNode()));
    }

    private static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }
}
