package io.meshbench.topology;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes a topology in meshbench's format, such that {@link TopologyLoader} reads back the same
 * services. Built as a SnakeYAML node tree so each call can be a one-line flow mapping
 * ({@code call: {service: cart, size: 512 B}}) while the rest stays in block style.
 */
public final class TopologyWriter {

    private TopologyWriter() {
    }

    public static String toYaml(Topology topology) {
        List<NodeTuple> top = new ArrayList<>();
        top.add(entry("name", str(topology.name())));
        List<Node> services = new ArrayList<>();
        for (Service s : topology.services()) services.add(service(s));
        top.add(entry("services", new SequenceNode(Tag.SEQ, services, DumperOptions.FlowStyle.BLOCK)));
        StringWriter out = new StringWriter();
        yaml().serialize(new MappingNode(Tag.MAP, top, DumperOptions.FlowStyle.BLOCK), out);
        return out.toString();
    }

    private static Node service(Service s) {
        List<NodeTuple> fields = new ArrayList<>();
        fields.add(entry("name", str(s.name())));
        if (s.entrypoint()) fields.add(entry("entrypoint", new ScalarNode(Tag.BOOL, "true", null, null,
                DumperOptions.ScalarStyle.PLAIN)));
        fields.add(entry("replicas", scalar(Tag.INT, String.valueOf(s.replicas()))));
        fields.add(entry("responseSize", str(Quantities.formatSize(s.responseSizeBytes()))));
        // Double.toString gives the shortest text that parses back to the same double.
        if (s.errorRate() > 0) fields.add(entry("errorRate", scalar(Tag.FLOAT, Double.toString(s.errorRate()))));
        if (!s.script().isEmpty()) fields.add(entry("script", steps(s.script())));
        return new MappingNode(Tag.MAP, fields, DumperOptions.FlowStyle.BLOCK);
    }

    private static Node steps(List<Step> steps) {
        List<Node> out = new ArrayList<>();
        for (Step step : steps) {
            Node body;
            String key;
            if (step instanceof Step.Sleep sleep) {
                key = "sleep";
                body = str(Quantities.formatDuration(sleep.duration()));
            } else if (step instanceof Step.Call call) {
                key = "call";
                List<NodeTuple> fields = new ArrayList<>(List.of(entry("service", str(call.service()))));
                if (call.payloadBytes() != 0) fields.add(entry("size", str(Quantities.formatSize(call.payloadBytes()))));
                if (call.probabilityPercent() < 100) fields.add(entry("probability", str(Integer.toString(call.probabilityPercent()))));
                body = fields.size() == 1 ? str(call.service())
                        : new MappingNode(Tag.MAP, fields, DumperOptions.FlowStyle.FLOW);
            } else {
                key = "concurrent";
                body = steps(((Step.Concurrent) step).steps());
            }
            out.add(new MappingNode(Tag.MAP, List.of(entry(key, body)), DumperOptions.FlowStyle.BLOCK));
        }
        return new SequenceNode(Tag.SEQ, out, DumperOptions.FlowStyle.BLOCK);
    }

    private static NodeTuple entry(String key, Node value) {
        return new NodeTuple(str(key), value);
    }

    private static ScalarNode str(String value) {
        return scalar(Tag.STR, value);
    }

    private static ScalarNode scalar(Tag tag, String value) {
        return new ScalarNode(tag, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(200);
        options.setSplitLines(false);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options);
    }
}
