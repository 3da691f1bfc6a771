package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.meshbench.platform.PlatformException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the Kubernetes target was told on the command line. Credentials come only from the
 * environment ({@value #GIT_TOKEN_ENV}, {@value #ARGOCD_TOKEN_ENV}) and are never printed:
 * {@link #toString()} masks them.
 *
 * @param context        kubeconfig context to use; required, so a job never runs against whatever
 *                       context happens to be selected
 * @param kubeconfig     a kubeconfig file instead of the usual places, or null
 * @param runId          names the run's namespaces and labels every object with {@value Labels#RUN_ID}
 * @param gitopsRepo     Git repository ArgoCD syncs from (any JGit URL, file:// included), or null
 * @param gitopsBranch   branch the manifests are pushed to
 * @param gitopsPath     folder in that branch holding one subfolder per mode
 * @param bootstrapIstio install Istio's ambient profile through ArgoCD before the run
 * @param keep           leave everything running after the run
 * @param image          workload container image (built with {@code mvn -Pimage jib:build})
 * @param checkOnly      run the prerequisites check and stop
 * @param nodeMemoryMinBytes smallest node memory capacity accepted
 * @param deployTimeout  how long one mode may take to become Synced + Healthy / ready
 * @param pollInterval   how often resources are sampled and status re-read when no watch event comes
 * @param gitToken       token for pushing to {@code gitopsRepo}, or null
 * @param argocdToken    ArgoCD API token, or null; the harness drives ArgoCD through its
 *                       Kubernetes resources, so it is only carried (masked), never sent
 * @param injectors      the in-cluster load injectors ({@code -Dinjectors*})
 */
public record KubernetesSettings(String context, Path kubeconfig, String runId,
                                 String gitopsRepo, String gitopsBranch, String gitopsPath,
                                 DeployMethod deploy, boolean bootstrapIstio, boolean keep,
                                 String istioVersion, String image, boolean checkOnly,
                                 long nodeMemoryMinBytes, Duration deployTimeout, Duration pollInterval,
                                 String gitToken, String argocdToken, InjectorSettings injectors) {

    public static final String GIT_TOKEN_ENV = "MESHBENCH_GIT_TOKEN";
    public static final String ARGOCD_TOKEN_ENV = "MESHBENCH_ARGOCD_TOKEN";
    public static final String DEFAULT_ISTIO_VERSION = "1.23.0";
    public static final String DEFAULT_NODE_MEMORY = "16Gi";
    /** What {@code mvn -Pimage jib:dockerBuild} builds by default, ready for {@code kind load docker-image}. */
    public static final String DEFAULT_IMAGE = "meshbench/workload:dev";
    public static final Duration DEFAULT_DEPLOY_TIMEOUT = Duration.ofMinutes(10);
    /** The -D options {@link #fromProperties} reads besides the injectors' (run.Options lists them all). */
    public static final java.util.Set<String> OPTIONS = java.util.Set.of("kube.context", "kubeconfig", "deploy",
            "bootstrap", "check", "node.memory.min", "deploy.timeout", "kube.poll", "gitops.repo", "gitops.branch",
            "gitops.path", "keep", "istio.version", "image");

    /** How manifests reach the cluster. */
    public enum DeployMethod {
        /** Committed to Git and synced by ArgoCD Applications. */
        ARGOCD,
        /** Created with fabric8 in wave order, for clusters without ArgoCD. */
        DIRECT
    }

    public KubernetesSettings {
        if (runId == null || runId.isBlank()) throw new IllegalArgumentException("runId is required");
        if (injectors == null) injectors = InjectorSettings.defaults();
    }

    /** Reads {@code -D} options from {@code props} and tokens from the process environment. */
    public static KubernetesSettings fromProperties(Properties props) throws PlatformException {
        return fromProperties(props, System.getenv());
    }

    /**
     * Reads {@code -D} options from {@code props} and tokens from {@code env}. Every malformed
     * option is reported at once, each with the expected form.
     */
    public static KubernetesSettings fromProperties(Properties props, Map<String, String> env)
            throws PlatformException {
        List<String> problems = new ArrayList<>();
        String runId = text(props, "meshbench.runId", null);
        if (runId == null) runId = java.time.LocalDateTime.now()
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        if (!runId.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,50}[A-Za-z0-9])?")) {
            problems.add("run id '" + runId + "' cannot be a Kubernetes label value; use letters, digits, '-', '_' "
                    + "and '.', at most 52 characters, starting and ending with a letter or digit");
        }
        String context = text(props, "kube.context", null);
        String kubeconfigText = text(props, "kubeconfig", null);
        Path kubeconfig = kubeconfigText == null ? null : Path.of(kubeconfigText);

        DeployMethod deploy = null;
        String deployText = text(props, "deploy", "argocd");
        switch (deployText.toLowerCase(Locale.ROOT)) {
            case "argocd" -> deploy = DeployMethod.ARGOCD;
            case "direct" -> deploy = DeployMethod.DIRECT;
            default -> problems.add("-Ddeploy=" + deployText + " is not known; use -Ddeploy=argocd or -Ddeploy=direct");
        }
        String bootstrap = text(props, "bootstrap", null);
        boolean bootstrapIstio = false;
        if (bootstrap != null) {
            if (bootstrap.equalsIgnoreCase("istio")) bootstrapIstio = true;
            else problems.add("-Dbootstrap=" + bootstrap + " is not known; the only value is -Dbootstrap=istio");
        }
        String check = text(props, "check", null);
        boolean checkOnly = false;
        if (check != null) {
            if (check.equalsIgnoreCase("only")) checkOnly = true;
            else problems.add("-Dcheck=" + check + " is not known; use -Dcheck=only to run the prerequisites check alone");
        }
        long nodeMemory = 0;
        String memoryText = text(props, "node.memory.min", DEFAULT_NODE_MEMORY);
        try {
            nodeMemory = Quantity.getAmountInBytes(new Quantity(memoryText)).longValueExact();
        } catch (RuntimeException e) {
            problems.add("-Dnode.memory.min=" + memoryText + " is not a memory quantity; write it as 16Gi or 16000Mi");
        }
        Duration deployTimeout = duration(props, "deploy.timeout", DEFAULT_DEPLOY_TIMEOUT, problems);
        Duration poll = duration(props, "kube.poll", Duration.ofSeconds(5), problems);
        InjectorSettings injectors = InjectorSettings.fromProperties(props, problems,
                (key, fallback) -> duration(props, key, fallback, problems));

        String repo = text(props, "gitops.repo", null);
        if (deploy == DeployMethod.ARGOCD && repo == null && !checkOnly) {
            problems.add("-Ddeploy=argocd needs a Git repository ArgoCD can read: add -Dgitops.repo=https://… "
                    + "(token in " + GIT_TOKEN_ENV + "), or deploy without ArgoCD with -Ddeploy=direct");
        }
        if (repo != null && repo.matches("(?i)[a-z+]+://[^/@]*:[^/@]*@.*")) {
            problems.add("-Dgitops.repo carries a password in its URL; remove it and put the token in "
                    + GIT_TOKEN_ENV + " so it never reaches logs or results");
        }
        String branch = text(props, "gitops.branch", "meshbench/" + runId);
        String path = text(props, "gitops.path", "runs/" + runId);
        if (path.startsWith("/") || path.contains("..")) {
            problems.add("-Dgitops.path=" + path + " must be a relative folder inside the repository, like runs/my-run");
        }
        if (!problems.isEmpty()) throw new PlatformException(problems, null);

        return new KubernetesSettings(context, kubeconfig, runId, repo, branch, path, deploy, bootstrapIstio,
                Boolean.parseBoolean(text(props, "keep", "false")),
                text(props, "istio.version", DEFAULT_ISTIO_VERSION),
                text(props, "image", DEFAULT_IMAGE),
                checkOnly, nodeMemory, deployTimeout, poll,
                blankToNull(env.get(GIT_TOKEN_ENV)), blankToNull(env.get(ARGOCD_TOKEN_ENV)), injectors);
    }

    /** Namespace a mode's objects live in: {@code mb-<run id>-<mode>}, a valid DNS label. */
    public String namespace(io.meshbench.core.MeshMode mode) {
        String base = ("mb-" + runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
        int room = 63 - mode.id().length() - 1;
        if (base.length() > room) base = base.substring(0, room);
        return base.replaceAll("-+$", "") + "-" + mode.id();
    }

    @Override
    public String toString() {
        return "KubernetesSettings[context=" + context + ", kubeconfig=" + kubeconfig + ", runId=" + runId
                + ", gitopsRepo=" + gitopsRepo + ", gitopsBranch=" + gitopsBranch + ", gitopsPath=" + gitopsPath
                + ", deploy=" + deploy + ", bootstrapIstio=" + bootstrapIstio + ", keep=" + keep
                + ", istioVersion=" + istioVersion + ", image=" + image + ", checkOnly=" + checkOnly
                + ", nodeMemoryMinBytes=" + nodeMemoryMinBytes + ", deployTimeout=" + deployTimeout
                + ", gitToken=" + mask(gitToken) + ", argocdToken=" + mask(argocdToken) + ", injectors=" + injectors + "]";
    }

    private static String mask(String token) {
        return token == null ? "unset" : "set (hidden)";
    }

    private static String text(Properties props, String key, String fallback) {
        String value = props.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Duration duration(Properties props, String key, Duration fallback, List<String> problems) {
        String value = text(props, key, null);
        if (value == null) return fallback;
        try {
            if (value.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(value));
            if (value.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(value.replaceAll("\\D", ""));
                return switch (value.replaceAll("\\d", "")) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            problems.add("-D" + key + "=" + value + " is not a duration; write it as 300 (seconds), 5m or PT5M");
            return fallback;
        }
    }
}
