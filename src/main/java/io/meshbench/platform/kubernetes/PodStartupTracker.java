package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.meshbench.metrics.PodStartup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod startup as kube-burner measures it: a watch on the run's pods, started before anything is
 * created, records when each pod was first seen and when each of PodScheduled, Initialized,
 * ContainersReady and Ready was first seen True. Receive times are used because condition
 * timestamps have one-second resolution; a condition already True when a pod is first seen (a
 * re-listed watch) falls back to its lastTransitionTime.
 */
final class PodStartupTracker implements AutoCloseable {
    static final List<String> PHASES = List.of("PodScheduled", "Initialized", "ContainersReady", "Ready");

    private final Map<String, PodTimes> pods = new LinkedHashMap<>();
    private final Watch watch;

    private static final class PodTimes {
        final Instant firstSeen;
        Instant created;
        String service;
        String node;
        final Map<String, Instant> phases = new LinkedHashMap<>();

        PodTimes(Instant firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    PodStartupTracker(KubernetesClient client, String namespace, String runId) {
        this.watch = client.pods().inNamespace(namespace).withLabel(Labels.RUN_ID, runId).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action != Action.DELETED) record(pod, Instant.now());
            }

            @Override
            public void onClose(WatcherException cause) {
                synchronized (PodStartupTracker.this) {
                    PodStartupTracker.this.notifyAll();
                }
            }
        });
    }

    synchronized void record(Pod pod, Instant received) {
        String name = pod.getMetadata().getName();
        PodTimes times = pods.computeIfAbsent(name, n -> new PodTimes(received));
        boolean firstSight = times.firstSeen.equals(received);
        if (times.created == null && pod.getMetadata().getCreationTimestamp() != null) {
            times.created = Instant.parse(pod.getMetadata().getCreationTimestamp());
        }
        times.service = pod.getMetadata().getLabels().get(Labels.SERVICE);
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) times.node = pod.getSpec().getNodeName();
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if (!PHASES.contains(c.getType()) || !"True".equals(c.getStatus()) || times.phases.containsKey(c.getType())) {
                    continue;
                }
                Instant at = received;
                if (firstSight && c.getLastTransitionTime() != null && times.created != null) {
                    // Seen True on first sight: the watch missed the transition; use the coarse timestamp.
                    at = times.firstSeen.plus(Duration.between(times.created, Instant.parse(c.getLastTransitionTime())));
                }
                times.phases.put(c.getType(), at);
            }
        }
        notifyAll();
    }

    /** Waits until {@code count} pods are Ready, or the deadline passes; returns whether they are. */
    synchronized boolean awaitReady(int count, Instant deadline) throws InterruptedException {
        while (readyCount() < count) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) return false;
            wait(Math.min(left, 1000));
        }
        return true;
    }

    private int readyCount() {
        return (int) pods.values().stream().filter(p -> p.phases.containsKey("Ready")).count();
    }

    /** Pods not yet Ready, each with the phases it reached, for a timeout message. */
    synchronized List<String> notReady() {
        List<String> out = new ArrayList<>();
        pods.forEach((name, t) -> {
            if (!t.phases.containsKey("Ready")) out.add(name + " (reached: " + (t.phases.isEmpty() ? "nothing" : String.join(", ", t.phases.keySet())) + ")");
        });
        return out;
    }

    synchronized List<PodStartup> startups() {
        List<PodStartup> out = new ArrayList<>();
        pods.forEach((name, t) -> {
            Map<String, Double> phaseMillis = new LinkedHashMap<>();
            for (String phase : PHASES) {
                Instant at = t.phases.get(phase);
                if (at != null) phaseMillis.put(phase, Duration.between(t.firstSeen, at).toNanos() / 1e6);
            }
            if (phaseMillis.containsKey("Ready")) out.add(new PodStartup(name, t.service, t.node, t.firstSeen, phaseMillis));
        });
        return out;
    }

    @Override
    public void close() {
        watch.close();
    }
}
