package io.meshbench.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated service graph: names are unique, every callee exists, calls form no cycle and at
 * least one service is an entry point. Build one through {@code TopologyLoader}, which checks all
 * of that and names the file and field of any mistake.
 *
 * @param name   short name used in run ids and reports ("142", "small", a file's base name)
 * @param source where it came from: a file path, or "generated(n=142, seed=1)"
 * @param ignoredFields isotope fields read but not modelled, by path
 * @param notes         how the file was read where that is not obvious (e.g. entry points chosen
 *                      because the file marks none); printed on the console and in results.json
 */
public record Topology(String name, String source, List<Service> services, List<String> ignoredFields,
                       List<String> notes) {

    public Topology {
        services = List.copyOf(services);
        ignoredFields = List.copyOf(ignoredFields);
        notes = List.copyOf(notes);
    }

    public Topology(String name, String source, List<Service> services, List<String> ignoredFields) {
        this(name, source, services, ignoredFields, List.of());
    }

    public Topology(String name, String source, List<Service> services) {
        this(name, source, services, List.of());
    }

    public Optional<Service> service(String serviceName) {
        return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
    }

    public List<Service> entrypoints() {
        return services.stream().filter(Service::entrypoint).toList();
    }

    /** Distinct caller→callee pairs. */
    public int edgeCount() {
        return services.stream().mapToInt(s -> s.callees().size()).sum();
    }

    public int podCount() {
        return services.stream().mapToInt(Service::replicas).sum();
    }

    /** Service name → service, in file order. */
    public Map<String, Service> byName() {
        Map<String, Service> out = new LinkedHashMap<>();
        services.forEach(s -> out.put(s.name(), s));
        return out;
    }
}
