package io.meshbench.platform.kubernetes;

/** Label and annotation keys the Kubernetes target writes and selects on. */
public final class Labels {
    /** On every object the harness creates; teardown deletes only objects whose value is this run's id. */
    public static final String RUN_ID = "meshbench.io/run-id";
    public static final String MODE = "meshbench.io/mode";
    public static final String SERVICE = "meshbench.io/service";
    /** Marks an entry Service Gatling is pointed at. */
    public static final String ENTRY = "meshbench.io/entry";
    public static final String APP = "app";
    /** Istio's version label: v1 on every rendered pod, v2 on a bad rollout's; DestinationRule subsets select on it. */
    public static final String VERSION = "version";
    public static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    public static final String INJECTION = "istio-injection";
    public static final String DATAPLANE_MODE = "istio.io/dataplane-mode";
    public static final String USE_WAYPOINT = "istio.io/use-waypoint";
    public static final String WAYPOINT_FOR = "istio.io/waypoint-for";
    public static final String PROXY_IMAGE = "sidecar.istio.io/proxyImage";

    private Labels() {
    }
}
