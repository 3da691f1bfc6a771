package io.meshbench.platform.kubernetes;

import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubernetesSettingsTest {

    @Test
    void defaultsFollowTheIssue() throws Exception {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", "20261126-233500");
        p.setProperty("gitops.repo", "https://git.example/bench.git");
        KubernetesSettings s = KubernetesSettings.fromProperties(p, Map.of());
        assertEquals(KubernetesSettings.DeployMethod.ARGOCD, s.deploy());
        assertEquals("1.23.0", s.istioVersion());
        assertEquals(16L * 1024 * 1024 * 1024, s.nodeMemoryMinBytes());
        assertEquals("meshbench/20261126-233500", s.gitopsBranch());
        assertEquals("runs/20261126-233500", s.gitopsPath());
        assertNull(s.context(), "no context is chosen for the user");
        assertNull(s.gitToken());
        assertFalse(s.keep());
        assertEquals("mb-20261126-233500-ambient", s.namespace(MeshMode.AMBIENT));
    }

    @Test
    void readsEveryOption() throws Exception {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", "x");
        p.setProperty("kube.context", "kind-bench");
        p.setProperty("kubeconfig", "/tmp/kc");
        p.setProperty("deploy", "direct");
        p.setProperty("bootstrap", "istio");
        p.setProperty("keep", "true");
        p.setProperty("istio.version", "1.24.1");
        p.setProperty("image", "ghcr.io/me/w:1");
        p.setProperty("check", "only");
        p.setProperty("node.memory.min", "8Gi");
        p.setProperty("deploy.timeout", "90s");
        KubernetesSettings s = KubernetesSettings.fromProperties(p, Map.of(KubernetesSettings.GIT_TOKEN_ENV, "t"));
        assertEquals("kind-bench", s.context());
        assertEquals("/tmp/kc", s.kubeconfig().toString());
        assertEquals(KubernetesSettings.DeployMethod.DIRECT, s.deploy());
        assertTrue(s.bootstrapIstio() && s.keep() && s.checkOnly());
        assertEquals("1.24.1", s.istioVersion());
        assertEquals(8L << 30, s.nodeMemoryMinBytes());
        assertEquals(Duration.ofSeconds(90), s.deployTimeout());
        assertEquals("t", s.gitToken());
    }

    @Test
    void everyBadOptionIsReportedAtOnceWithItsFix() {
        Properties p = new Properties();
        p.setProperty("deploy", "helm");
        p.setProperty("bootstrap", "linkerd");
        p.setProperty("node.memory.min", "lots");
        p.setProperty("deploy.timeout", "soon");
        p.setProperty("check", "maybe");
        PlatformException e = assertThrows(PlatformException.class, () -> KubernetesSettings.fromProperties(p, Map.of()));
        assertEquals(5, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("-Ddeploy=direct"));
        assertTrue(e.getMessage().contains("16Gi"));
    }

    @Test
    void argocdNeedsARepoAndARepoUrlMustNotCarryAPassword() {
        Properties p = new Properties();
        PlatformException e = assertThrows(PlatformException.class, () -> KubernetesSettings.fromProperties(p, Map.of()));
        assertTrue(e.getMessage().contains("-Dgitops.repo="));
        p.setProperty("gitops.repo", "https://me:hunter2@git.example/r.git");
        e = assertThrows(PlatformException.class, () -> KubernetesSettings.fromProperties(p, Map.of()));
        assertTrue(e.getMessage().contains(KubernetesSettings.GIT_TOKEN_ENV));
        assertFalse(e.getMessage().contains("hunter2"), "the refusal does not echo the password");
    }
}
