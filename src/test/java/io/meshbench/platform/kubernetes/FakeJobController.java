package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshbench.core.InjectorOrder;
import io.meshbench.metrics.InjectorResult;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Kubernetes' Job controller and the injector pods, as the runner sees them through the API: for
 * each Job it creates the Indexed pods from the template (spread over the nodes), marks them
 * Running, and once the order's start plus duration has passed, serves each pod's log (a result
 * line whose counts follow the pod's rate and duration), marks the pods Succeeded and the Job
 * complete. Everything the runner reads comes from what it wrote into the Job.
 */
final class FakeJobController implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Watch watch;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-job-controller");
        t.setDaemon(true);
        return t;
    });
    /** Pods stay Pending with this waiting reason (e.g. ImagePullBackOff), when set. */
    volatile String stuckReason;
    /** This pod index prints no result line. */
    volatile int silentIndex = -1;
    /** Every pod's result, as its log serves it, by pod name. */
    final Map<String, InjectorResult> served = new ConcurrentHashMap<>();
    /** The Jobs as the runner created them. */
    final List<Job> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Jobs seen whose pods are all created with their first status. */
    private final java.util.concurrent.atomic.AtomicInteger podsPlaced = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The wall clock once every Job seen has its pods placed, and the distant past before: the
     * runner's start barrier then judges pods this controller has finished with, however slowly a
     * busy machine let it work.
     */
    long barrierClock() {
        return !jobs.isEmpty() && podsPlaced.get() >= jobs.size() ? System.currentTimeMillis() : 0;
    }

    FakeJobController(KubernetesMockServer server, KubernetesClient client, String namespace) {
        this.server = server;
        this.client = client;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action != Action.ADDED) return;
                jobs.add(job);
                workers.submit(() -> {
                    try {
                        run(job);
                    } catch (Exception e) {
                        errors.add(e.toString());
                    }
                });
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    private void run(Job job) throws InterruptedException {
        String ns = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        int n = job.getSpec().getCompletions();
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) env.put(e.getName(), e.getValue());
        InjectorOrder order = InjectorOrder.fromEnv(env);
        List<String> podNames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String pod = name + "-" + i + "-x" + Integer.toString(i * 7 + 11, 36);
            podNames.add(pod);
            Pod p = new PodBuilder().withNewMetadata().withName(pod).withNamespace(ns)
                    .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                    .addToLabels("batch.kubernetes.io/job-completion-index", Integer.toString(i)).endMetadata()
                    .withSpec(job.getSpec().getTemplate().getSpec())
                    .build();
            p.getSpec().setNodeName("node-" + i % 3);
            client.pods().inNamespace(ns).resource(p).create();
            if (stuckReason != null) {
                client.pods().inNamespace(ns).withName(pod).editStatus(s -> new PodBuilder(s).withNewStatus().withPhase("Pending")
                        .addNewContainerStatus().withName("injector").withNewState().withNewWaiting().withReason(stuckReason)
                        .endWaiting().endState().endContainerStatus().endStatus().build());
            } else {
                setPhase(ns, pod, "Running");
            }
        }
        podsPlaced.incrementAndGet();
        if (stuckReason != null) return;
        long end = order.startAtEpochMillis() + order.duration().toMillis();
        while (System.currentTimeMillis() < end) Thread.sleep(20);
        for (int i = 0; i < n; i++) {
            String pod = podNames.get(i);
            String log = "injector " + i + " done\n";
            if (i != silentIndex) {
                InjectorResult r = resultOf(order, i);
                served.put(pod, r);
                log += r.toLogLine() + "\n";
                byte[] gatlingLog = ("simulation.log of " + pod).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                for (String line : io.meshbench.metrics.InjectorGatlingLog.toLogLines(gatlingLog)) log += line + "\n";
            }
            server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?pretty=false&container=injector")
                    .andReturn(200, log).always();
            setPhase(ns, pod, "Succeeded");
        }
        client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withSucceeded(n).build());
            return j;
        });
    }

    /** What pod {@code index} would have counted at its share of the rate: latencies from a seeded draw. */
    static InjectorResult resultOf(InjectorOrder order, int index) {
        long sent = Math.round(order.ratePerInjector() * order.duration().toMillis() / 1000.0);
        Random random = new Random(index);
        Histogram latency = InjectorResult.newLatencyHistogram();
        Histogram lag = InjectorResult.newLagHistogram();
        long errors = 0;
        for (long k = 0; k < sent; k++) {
            if (random.nextInt(50) == 0) errors++;
            else latency.recordValue(1 + (long) Math.exp(1.5 + random.nextGaussian()));
            lag.recordValue(random.nextInt(2_000));
        }
        long first = order.startAtEpochMillis() * 1000 + index;
        return new InjectorResult(1, order.ratePerInjector(), sent, sent - errors, errors, 0, first,
                first + order.duration().toMillis() * 1000, latency, lag);
    }

    private void setPhase(String ns, String pod, String phase) {
        client.pods().inNamespace(ns).withName(pod).editStatus(p -> new PodBuilder(p).withNewStatus().withPhase(phase).endStatus().build());
    }

    @Override
    public void close() {
        watch.close();
        workers.shutdownNow();
    }
}
