package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshbench.core.InjectorOrder;
import io.meshbench.core.MeshMode;
import io.meshbench.metrics.InjectorGatlingLog;
import io.meshbench.metrics.InjectorResult;
import io.meshbench.platform.PlatformException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one phase's entry traffic as an injector Job ({@link InjectorJobRenderer}) and brings its
 * results back through the API server: create the Job, check that all N pods are running before the
 * shared start (the start barrier: a pod that is late would shift its share of the open model), wait
 * for the Job to complete, read each pod's result line and Gatling simulation.log from its log, merge
 * ({@link InjectorResult#merge}), delete the Job and its pods. Nothing is reached through a port-forward.
 */
public final class InjectorJobRunner {
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final AtomicInteger sequence = new AtomicInteger();
    /** Wall-clock ms the start barrier is judged by; tests pass one that waits for their fake controller. */
    private final java.util.function.LongSupplier barrierClock;

    public InjectorJobRunner(KubernetesClient client, KubernetesSettings settings) {
        this(client, settings, System::currentTimeMillis);
    }

    InjectorJobRunner(KubernetesClient client, KubernetesSettings settings, java.util.function.LongSupplier barrierClock) {
        this.client = client;
        this.settings = settings;
        this.barrierClock = barrierClock;
    }

    /** Every pod's Gatling simulation.log collected so far, over all phases, for the run's one Gatling report. */
    private final List<byte[]> gatlingLogs = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The merge, and what each pod reported (by pod name) with the node it ran on and the Gatling
     * simulation.log it carried in its log (a pod without one is absent here and warned about).
     */
    public record Outcome(InjectorResult merged, Map<String, InjectorResult> perPod, Map<String, String> nodeOfPod,
                          Map<String, byte[]> gatlingLogs) {
    }

    /** The simulation.log of every injector pod of every phase so far, in the order they were collected. */
    public List<byte[]> gatlingLogs() {
        return List.copyOf(gatlingLogs);
    }

    /**
     * @param requestNames Gatling request name per entry URL
     * @param urls         entry Services' in-cluster URLs
     * @param phaseRps     the phase's whole open-model rate, split evenly over the pods
     */
    public Outcome run(MeshMode mode, String namespace, List<String> requestNames, List<URI> urls,
                       double phaseRps, Duration duration, String phase) throws PlatformException {
        int n = settings.injectors().countFor(phaseRps);
        long startAt = System.currentTimeMillis() + settings.injectors().startDelay().toMillis();
        InjectorOrder order = new InjectorOrder(requestNames, urls, phaseRps / n, duration, startAt, phase,
                mode == MeshMode.SIDECAR);
        String jobName = "injector-" + sequence.incrementAndGet();
        Job job = InjectorJobRenderer.render(settings, mode, namespace, jobName, n, order);
        try {
            client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
            awaitAllRunning(namespace, jobName, n, startAt);
            awaitComplete(namespace, jobName, n, startAt + duration.toMillis() + InjectorJobRenderer.DEADLINE_MARGIN.toMillis());
            return collect(namespace, jobName, n);
        } catch (KubernetesClientException e) {
            throw new PlatformException("injector Job " + namespace + "/" + jobName + ": the API server answered "
                    + e.getCode() + " (" + e.getMessage() + ")", e);
        } finally {
            if (!settings.keep()) remove(namespace, jobName);
        }
    }

    private List<Pod> pods(String namespace, String jobName) {
        return client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
    }

    /** The start barrier: by the shared start time every pod must be running (or already done). */
    private void awaitAllRunning(String namespace, String jobName, int n, long startAt) throws PlatformException {
        while (true) {
            List<Pod> pods = pods(namespace, jobName);
            long running = pods.stream().filter(p -> phaseOf(p).equals("Running") || phaseOf(p).equals("Succeeded")).count();
            if (running >= n) return;
            if (barrierClock.getAsLong() >= startAt) {
                List<String> late = new ArrayList<>();
                for (Pod p : pods) {
                    if (!phaseOf(p).equals("Running") && !phaseOf(p).equals("Succeeded")) {
                        late.add(p.getMetadata().getName() + " " + phaseOf(p) + waitingReason(p));
                    }
                }
                throw new PlatformException(String.format(java.util.Locale.ROOT,
                        "injector Job %s/%s: %d of %d pods were running at the shared start (%s created, %s pending%s) — "
                                + "check that the nodes can pull -Dinjectors.image=%s, or give the pods longer with "
                                + "-Dinjectors.startDelay (now %ds)",
                        namespace, jobName, running, n, pods.size(), late,
                        settings.injectors().nodeSelector().isEmpty() ? "" : "; -Dinjectors.nodeSelector limits where they may run",
                        settings.injectors().image(), settings.injectors().startDelay().toSeconds()), null);
            }
            sleep();
        }
    }

    private void awaitComplete(String namespace, String jobName, int n, long deadline) throws PlatformException {
        while (true) {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
            if (job == null) throw new PlatformException("injector Job " + namespace + "/" + jobName + " disappeared before it completed", null);
            var status = job.getStatus();
            int succeeded = status == null || status.getSucceeded() == null ? 0 : status.getSucceeded();
            int failed = status == null || status.getFailed() == null ? 0 : status.getFailed();
            if (succeeded >= n) return;
            if (failed > 0) {
                throw new PlatformException("injector Job " + namespace + "/" + jobName + ": " + failed + " of " + n
                        + " pods failed — " + failedPods(namespace, jobName), null);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new PlatformException("injector Job " + namespace + "/" + jobName + " did not complete within the phase "
                        + "and " + InjectorJobRenderer.DEADLINE_MARGIN.toMinutes() + " min: " + succeeded + " of " + n
                        + " pods succeeded — see kubectl -n " + namespace + " logs job/" + jobName, null);
            }
            sleep();
        }
    }

    private Outcome collect(String namespace, String jobName, int n) throws PlatformException {
        Map<String, InjectorResult> perPod = new LinkedHashMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        Map<String, byte[]> logs = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Pod p : pods(namespace, jobName)) {
            String name = p.getMetadata().getName();
            String log = client.pods().inNamespace(namespace).withName(name).inContainer(InjectorJobRenderer.CONTAINER).getLog();
            Optional<InjectorResult> result;
            try {
                result = InjectorResult.fromLog(log);
            } catch (IllegalArgumentException e) {
                throw new PlatformException("injector pod " + namespace + "/" + name + ": " + e.getMessage(), e);
            }
            if (result.isEmpty()) {
                missing.add(name);
                continue;
            }
            perPod.put(name, result.get());
            nodes.put(name, p.getSpec() == null ? null : p.getSpec().getNodeName());
            gatlingLogOf(namespace, name, log).ifPresent(bytes -> logs.put(name, bytes));
        }
        if (!missing.isEmpty() || perPod.size() < n) {
            throw new PlatformException("injector Job " + namespace + "/" + jobName + ": " + perPod.size() + " of " + n
                    + " pods printed a result" + (missing.isEmpty() ? "" : " (none in the log of " + missing + ")")
                    + " — the phase's entry figures would be partial; see kubectl -n " + namespace + " logs <pod>", null);
        }
        gatlingLogs.addAll(logs.values());
        return new Outcome(InjectorResult.merge(new ArrayList<>(perPod.values())), perPod, nodes, logs);
    }

    /**
     * The pod's Gatling simulation.log from its log lines. Only Gatling's HTML report needs it (the
     * figures come from the result line), so a pod without a readable one is a warning, not a failed phase.
     */
    private static Optional<byte[]> gatlingLogOf(String namespace, String pod, String log) {
        try {
            Optional<byte[]> bytes = InjectorGatlingLog.fromLog(log);
            if (bytes.isEmpty()) {
                System.err.println("meshbench: injector pod " + namespace + "/" + pod + " printed no Gatling simulation.log; "
                        + "Gatling's report of the run leaves its requests out");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            System.err.println("meshbench: injector pod " + namespace + "/" + pod + ": " + e.getMessage()
                    + "; Gatling's report of the run leaves its requests out");
            return Optional.empty();
        }
    }

    /** Deletes the Job and its pods (the Job's own pods only: selected by its name and the run id). */
    private void remove(String namespace, String jobName) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            client.pods().inNamespace(namespace).withLabel("job-name", jobName)
                    .withLabel(Labels.RUN_ID, settings.runId()).delete();
        } catch (KubernetesClientException e) {
            System.err.println("meshbench: could not delete injector Job " + namespace + "/" + jobName + " (" + e.getMessage()
                    + "); the run's teardown removes its namespace");
        }
    }

    private String failedPods(String namespace, String jobName) {
        List<String> out = new ArrayList<>();
        for (Pod p : pods(namespace, jobName)) {
            if (!"Failed".equals(phaseOf(p))) continue;
            String tail;
            try {
                tail = client.pods().inNamespace(namespace).withName(p.getMetadata().getName()).inContainer(InjectorJobRenderer.CONTAINER)
                        .tailingLines(5).getLog();
            } catch (KubernetesClientException e) {
                tail = "(no log: " + e.getMessage() + ")";
            }
            out.add(p.getMetadata().getName() + ": " + (tail == null ? "" : tail.strip().replace('\n', ' ')));
        }
        return out.isEmpty() ? "see kubectl -n " + namespace + " describe job " + jobName : String.join("; ", out);
    }

    private static String phaseOf(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
    }

    private static String waitingReason(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return "";
        for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
            if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null) {
                return " (" + c.getState().getWaiting().getReason() + ")";
            }
        }
        return "";
    }

    private void sleep() throws PlatformException {
        try {
            Thread.sleep(Math.max(50, Math.min(1000, settings.pollInterval().toMillis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while waiting for the injector Job", e);
        }
    }
}
