package io.meshbench.platform.local;

import io.meshbench.topology.Service;
import io.meshbench.topology.Step;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a workload host needs to start one pod, written as one {@code start} command line and read
 * back in the host: the pod's name, where it listens, its seed, its outbound routes (to the callee
 * pods, its sidecar or its ztunnel) and its service — the script as it runs, so a bad version
 * (a higher error share, an added sleep) reaches the host as the pod's own definition.
 *
 * <p>Line: {@code start <pod> <ip:port> <seed> <routes> <service> <replicas> <entrypoint>
 * <responseBytes> <errorRate> <step>...}, a step being {@code sleep:<nanos>},
 * {@code call:<service>:<payloadBytes>:<probability%>}, or {@code (} steps run together {@code )}.
 */
record HostedPod(String pod, InetSocketAddress bind, long seed, OutboundRoutes routes, Service service) {

    static final String START = "start";

    String line() {
        List<String> w = new ArrayList<>(List.of(START, word(pod), bind.getAddress().getHostAddress() + ":" + bind.getPort(),
                Long.toString(seed), routes.token(), word(service.name()), Integer.toString(service.replicas()),
                Boolean.toString(service.entrypoint()), Long.toString(service.responseSizeBytes()),
                Double.toString(service.errorRate())));
        writeSteps(service.script(), w);
        return String.join(" ", w);
    }

    private static void writeSteps(List<Step> steps, List<String> out) {
        for (Step s : steps) {
            if (s instanceof Step.Sleep sleep) {
                out.add("sleep:" + sleep.duration().toNanos());
            } else if (s instanceof Step.Call call) {
                out.add("call:" + word(call.service()) + ":" + call.payloadBytes() + ":" + call.probabilityPercent());
            } else if (s instanceof Step.Concurrent group) {
                out.add("(");
                writeSteps(group.steps(), out);
                out.add(")");
            }
        }
    }

    /** Reads a line written by {@link #line()}; a malformed one is an IllegalArgumentException naming it. */
    static HostedPod parse(String line) {
        String[] w = line.trim().split(" ");
        try {
            if (w.length < 10 || !w[0].equals(START)) throw new IllegalArgumentException("expected " + START + " and 9 fields");
            InetSocketAddress bind = IpPort.parse(w[2]);
            Deque<List<Step>> open = new ArrayDeque<>();
            open.push(new ArrayList<>());
            for (int i = 10; i < w.length; i++) {
                String t = w[i];
                if (t.equals("(")) {
                    open.push(new ArrayList<>());
                } else if (t.equals(")")) {
                    if (open.size() < 2) throw new IllegalArgumentException("')' without '('");
                    List<Step> group = open.pop();
                    open.peek().add(new Step.Concurrent(group));
                } else if (t.startsWith("sleep:")) {
                    open.peek().add(new Step.Sleep(Duration.ofNanos(Long.parseLong(t.substring(6)))));
                } else if (t.startsWith("call:")) {
                    String[] c = t.split(":");
                    open.peek().add(new Step.Call(c[1], Long.parseLong(c[2]), Integer.parseInt(c[3])));
                } else {
                    throw new IllegalArgumentException("unknown step '" + t + "'");
                }
            }
            if (open.size() != 1) throw new IllegalArgumentException("'(' without ')'");
            Service service = new Service(w[5], Integer.parseInt(w[6]), Boolean.parseBoolean(w[7]), Long.parseLong(w[8]),
                    Double.parseDouble(w[9]), open.pop());
            return new HostedPod(w[1], bind, Long.parseLong(w[3]), OutboundRoutes.parse(w[4]), service);
        } catch (RuntimeException | UnknownHostException e) {
            throw new IllegalArgumentException("bad start line (" + e.getMessage() + "): " + line, e);
        }
    }

    private static String word(String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == ':' || c == '(' || c == ')')) {
            throw new IllegalArgumentException("name '" + name + "' cannot be sent to a workload host (whitespace, ':' or a parenthesis)");
        }
        return name;
    }
}
