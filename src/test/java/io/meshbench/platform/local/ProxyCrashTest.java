package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A proxy process killed under a deployment is reported by the deployment, with its pod and exit status. */
class ProxyCrashTest {

    @Test
    void aKilledSidecarIsADataPlaneFailureNamingItsPodAndExitStatus() throws Exception {
        try (LocalPlatform platform = new LocalPlatform(new LocalSettings(2, 7, 4000, AddressBlocks.reserve(), DataPlaneLayout.PROCESS));
             Deployment d = platform.deploy(LocalPlatformTest.shop(), MeshMode.SIDECAR)) {
            assertEquals(List.of(), d.dataPlaneFailures());
            String pod = ((LocalDeployment) d).cluster().podsByService().get("cart").get(0).name();
            ProcessHandle proxy = ProcessHandle.current().descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("ProxyMain sidecar ")
                            && h.info().commandLine().orElse("").endsWith(" " + pod))
                    .findFirst().orElseThrow(() -> new AssertionError("no sidecar process for " + pod));
            proxy.destroyForcibly();
            List<String> failures = List.of();
            for (int i = 0; i < 100 && failures.isEmpty(); i++) {   // at most 10 s for the kernel to reap it
                Thread.sleep(100);
                failures = d.dataPlaneFailures();
            }
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.get(0).contains("sidecar " + pod), failures.get(0));
            assertTrue(failures.get(0).contains("exit status 137"), failures.get(0));
            PlatformException e = assertThrows(PlatformException.class, d::collectLatency);
            assertTrue(e.getMessage().contains(pod) || e.toString().contains(pod), e.toString());
        }
    }
}
