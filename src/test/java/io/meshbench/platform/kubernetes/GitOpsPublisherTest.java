package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitOpsPublisherTest {
    @TempDir
    Path tmp;

    @Test
    void commitsEachModeIntoItsFolderOnTheRunBranch() throws Exception {
        Path bare = tmp.resolve("gitops.git");
        String url = GitRepos.bare(bare);
        KubernetesSettings settings = TestTopologies.settings("g1", "argocd", url);
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        GitOpsPublisher publisher = new GitOpsPublisher(settings, new PrintStream(logBytes, true));
        ManifestRenderer renderer = new ManifestRenderer(settings);

        RenderedMode sidecar = renderer.render(TestTopologies.small(), MeshMode.SIDECAR);
        String first = publisher.publish(sidecar);
        String second = publisher.publish(renderer.render(TestTopologies.small(), MeshMode.AMBIENT));
        assertFalse(first.equals(second));

        Map<String, String> files = GitRepos.files(bare, "meshbench/g1");
        long sidecarFiles = files.keySet().stream().filter(f -> f.startsWith("runs/g1/sidecar/")).count();
        assertEquals(sidecar.objects().size(), sidecarFiles);
        assertTrue(files.keySet().stream().anyMatch(f -> f.startsWith("runs/g1/ambient/")), "the second mode joins the first");
        assertTrue(files.containsKey("runs/g1/sidecar/00-namespace-mb-g1-sidecar.yaml"), files.keySet().toString());
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertFalse(f.getValue().contains(TestTopologies.GIT_TOKEN), f.getKey());
            assertFalse(f.getValue().contains(TestTopologies.ARGOCD_TOKEN), f.getKey());
            if (f.getKey().endsWith(".yaml")) {
                HasMetadata o = (HasMetadata) Serialization.unmarshal(f.getValue());
                assertEquals("g1", o.getMetadata().getLabels().get(Labels.RUN_ID), f.getKey());
            }
        }
        String log = logBytes.toString();
        assertTrue(log.contains("pushed " + first.substring(0, 10)), log);
        assertFalse(log.contains(TestTopologies.GIT_TOKEN));
    }

    @Test
    void addsToAnExistingBranchAndKeepsItsContent() throws Exception {
        Path bare = tmp.resolve("shared.git");
        String url = GitRepos.bare(bare);
        Path seed = tmp.resolve("seed");
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(seed.toFile()).call()) {
            Files.writeString(seed.resolve("README.md"), "platform team's repo\n");
            git.add().addFilepattern("README.md").call();
            PersonIdent who = new PersonIdent("t", "t@localhost");
            git.commit().setAuthor(who).setCommitter(who).setMessage("seed").call();
            git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
        }
        java.util.Properties p = new java.util.Properties();
        p.setProperty("meshbench.runId", "g2");
        p.setProperty("gitops.repo", url);
        p.setProperty("gitops.branch", "main");
        p.setProperty("gitops.path", "bench/g2");
        KubernetesSettings settings = KubernetesSettings.fromProperties(p, Map.of());
        new GitOpsPublisher(settings, new PrintStream(new ByteArrayOutputStream()))
                .publish(new ManifestRenderer(settings).render(TestTopologies.small(), MeshMode.BASELINE));
        Map<String, String> files = GitRepos.files(bare, "main");
        assertEquals("platform team's repo\n", files.get("README.md"));
        assertTrue(files.keySet().stream().anyMatch(f -> f.startsWith("bench/g2/baseline/")));
        assertTrue(files.get("#messages").contains("seed"));
    }

    @Test
    void anUnreachableRepositoryIsReportedWithTheFix() throws Exception {
        KubernetesSettings settings = TestTopologies.settings("g3", "argocd", tmp.resolve("missing.git").toUri().toString());
        PlatformException e = assertThrows(PlatformException.class, () -> new GitOpsPublisher(settings,
                new PrintStream(new ByteArrayOutputStream())).publish(new ManifestRenderer(settings)
                .render(TestTopologies.small(), MeshMode.BASELINE)));
        assertTrue(e.getMessage().contains(KubernetesSettings.GIT_TOKEN_ENV), e.getMessage());
        assertFalse(e.getMessage().contains(TestTopologies.GIT_TOKEN));
    }
}
