package io.meshbench.workload;

import io.meshbench.topology.Service;
import io.meshbench.topology.Topology;
import io.meshbench.topology.TopologyException;
import io.meshbench.topology.TopologyLoader;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The workload container's entry point on Kubernetes. Environment:
 * {@code MESHBENCH_TOPOLOGY} (path of the topology file mounted into the pod),
 * {@code MESHBENCH_SERVICE} (which of its services this pod runs), {@code MESHBENCH_POD} (pod name;
 * defaults to {@code HOSTNAME}), optional {@code MESHBENCH_SEED}. Listens on 0.0.0.0:8080 and calls
 * other services by their DNS names on port 8080. Stops on SIGTERM.
 */
public final class WorkloadMain {
    public static final int PORT = 8080;

    /** What the environment asked for. */
    record Settings(Path topology, String service, String pod, long seed) {

        static Settings from(Map<String, String> env) {
            String topology = required(env, "MESHBENCH_TOPOLOGY", "the path of the topology file, e.g. /etc/meshbench/topology.yaml");
            String service = required(env, "MESHBENCH_SERVICE", "the name of the service this pod runs");
            String pod = env.getOrDefault("MESHBENCH_POD", env.getOrDefault("HOSTNAME", service + "-0"));
            String seedText = env.get("MESHBENCH_SEED");
            long seed;
            try {
                seed = seedText == null || seedText.isBlank() ? pod.hashCode() : Long.parseLong(seedText.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MESHBENCH_SEED=" + seedText + " is not a whole number; e.g. MESHBENCH_SEED=1");
            }
            return new Settings(Path.of(topology), service, pod, seed);
        }

        private static String required(Map<String, String> env, String name, String what) {
            String v = env.get(name);
            if (v == null || v.isBlank()) throw new IllegalArgumentException("environment variable " + name + " is not set; set it to " + what);
            return v.trim();
        }
    }

    private WorkloadMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        Service service;
        try {
            settings = Settings.from(System.getenv());
            service = serviceOf(TopologyLoader.loadFile(settings.topology(), settings.topology().toAbsolutePath().getParent(),
                    Integer.MAX_VALUE, Integer.MAX_VALUE), settings.service(), settings.topology());
        } catch (IllegalArgumentException | TopologyException e) {
            System.err.println("meshbench workload: " + e.getMessage());
            System.exit(2);
            return;
        }
        WorkloadEventLoops loops = WorkloadEventLoops.perCore("workload");
        WorkloadServer server = WorkloadServer.start(new WorkloadConfig(service, settings.pod(),
                new InetSocketAddress("0.0.0.0", PORT), new DnsRouter(PORT), loops.group(), settings.seed()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            loops.close();
            stopped.countDown();
        }, "workload-shutdown"));
        System.out.println("meshbench workload " + settings.pod() + " (" + service.name() + ", "
                + Transport.name() + ") listening on " + server.address());
        stopped.await();
    }

    static Service serviceOf(Topology topology, String name, Path file) {
        return topology.service(name).orElseThrow(() -> new IllegalArgumentException("MESHBENCH_SERVICE=" + name
                + " is not a service of " + file + "; it has " + topology.byName().keySet()));
    }
}
