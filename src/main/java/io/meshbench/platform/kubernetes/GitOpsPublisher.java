package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Commits a mode's rendered manifests to the GitOps repository with JGit and pushes them:
 * {@code <gitops.path>/<mode>/NN-kind-name.yaml} on {@code <gitops.branch>}, one file per object,
 * each serialized by fabric8 from the builder-made object. The branch is created when missing.
 * The token travels only in JGit's credentials provider, never in a URL, file or message.
 */
public final class GitOpsPublisher {
    /** Username sent with a token: GitHub wants this one, GitLab and Gitea accept any. */
    static final String TOKEN_USER = "x-access-token";

    private final KubernetesSettings settings;
    private final PrintStream log;

    public GitOpsPublisher(KubernetesSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public String modePath(MeshMode mode) {
        return settings.gitopsPath() + "/" + mode.id();
    }

    /** Attempts when someone else pushes to the same branch between our clone and our push. */
    static final int PUSH_ATTEMPTS = 3;

    /**
     * Writes, commits and pushes the mode's objects; returns the commit id ArgoCD must reach. A
     * push rejected because the branch moved meanwhile is redone from a fresh clone.
     */
    public String publish(RenderedMode rendered) throws PlatformException {
        return commit("meshbench run " + settings.runId() + ": " + rendered.mode() + " manifests ("
                + rendered.objects().size() + " objects)", modePath(rendered.mode()), folder -> {
            deleteTree(folder);
            Files.createDirectories(folder);
            int index = 0;
            for (HasMetadata object : rendered.objects()) {
                write(folder, String.format(Locale.ROOT, "%02d", index++), object);
            }
        });
    }

    /** Writes one object as {@code <prefix>-<kind>-<name>.yaml}, serialized by fabric8. */
    static Path write(Path folder, String prefix, HasMetadata object) throws IOException {
        Path file = folder.resolve(fileName(prefix, object));
        Files.writeString(file, Serialization.asYaml(object), StandardCharsets.UTF_8);
        return file;
    }

    static String fileName(String prefix, HasMetadata object) {
        return prefix + "-" + object.getKind().toLowerCase(Locale.ROOT) + "-" + object.getMetadata().getName() + ".yaml";
    }

    /** A change to one folder of the branch's working tree, made inside {@link #commit}. */
    public interface FolderEdit {
        void apply(Path folder) throws IOException;
    }

    /**
     * One commit on the branch that changes only {@code path} (a folder under the repository root),
     * pushed; returns its id. Retried from a fresh clone when the branch moved meanwhile.
     */
    public String commit(String message, String path, FolderEdit edit) throws PlatformException {
        return withRetries(git -> {
            edit.apply(git.getRepository().getWorkTree().toPath().resolve(path));
            git.add().addFilepattern(path).call();
            git.add().setUpdate(true).addFilepattern(path).call();
            return git.commit().setAuthor(WHO).setCommitter(WHO).setAllowEmpty(true).setMessage(message).call();
        }, path);
    }

    /**
     * A {@code git revert} of one earlier commit, pushed: the audit trail shows the change and its
     * undoing, as a GitOps rollback does. Returns the revert commit's id.
     */
    public String revert(String commitId, String why) throws PlatformException {
        return withRetries(git -> {
            RevCommit reverted = git.revert().include(ObjectId.fromString(commitId)).setOurCommitName("meshbench").call();
            if (reverted == null) {
                throw new IOException("reverting " + commitId + " conflicts with later changes on the branch");
            }
            // RevertCommand writes its own message; amend it to say why and who, keeping the tree.
            return git.commit().setAmend(true).setAuthor(WHO).setCommitter(WHO)
                    .setMessage(reverted.getFullMessage().trim() + "\n\n" + why).call();
        }, "revert of " + commitId.substring(0, Math.min(10, commitId.length())));
    }

    private static final PersonIdent WHO = new PersonIdent("meshbench", "meshbench@localhost");

    private interface GitChange {
        RevCommit make(Git git) throws GitAPIException, IOException;
    }

    private String withRetries(GitChange change, String what) throws PlatformException {
        for (int attempt = 1; ; attempt++) {
            try {
                return changeOnce(change, what);
            } catch (BranchMovedException e) {
                if (attempt >= PUSH_ATTEMPTS) {
                    throw new PlatformException("push to " + settings.gitopsBranch() + " was rejected " + attempt
                            + " times because the branch kept moving — give this run its own -Dgitops.branch", e);
                }
                log.println("  gitops: " + settings.gitopsBranch() + " moved during the push; retrying");
            }
        }
    }

    /** The remote branch gained commits between our clone and our push. */
    static final class BranchMovedException extends Exception {
        BranchMovedException(String message) {
            super(message);
        }
    }

    private String changeOnce(GitChange change, String what) throws PlatformException, BranchMovedException {
        Path work = null;
        try {
            work = Files.createTempDirectory("meshbench-gitops-");
            try (Git git = checkout(work)) {
                RevCommit commit = change.make(git);
                push(git);
                log.println("  gitops: pushed " + commit.getId().abbreviate(10).name() + " to " + settings.gitopsBranch()
                        + ":" + what);
                return commit.getId().name();
            }
        } catch (GitAPIException | IOException | URISyntaxException e) {
            throw new PlatformException("could not publish manifests to " + settings.gitopsRepo() + " branch "
                    + settings.gitopsBranch() + ": " + e.getMessage() + " — check the URL, that "
                    + KubernetesSettings.GIT_TOKEN_ENV + " may push there, and that the branch is not protected", e);
        } finally {
            if (work != null) deleteTree(work);
        }
    }

    private Git checkout(Path work) throws GitAPIException, URISyntaxException {
        String branchRef = "refs/heads/" + settings.gitopsBranch();
        Collection<Ref> heads = Git.lsRemoteRepository().setRemote(settings.gitopsRepo()).setHeads(true)
                .setCredentialsProvider(credentials()).call();
        if (heads.stream().anyMatch(r -> r.getName().equals(branchRef))) {
            return Git.cloneRepository().setURI(settings.gitopsRepo()).setDirectory(work.toFile())
                    .setBranch(settings.gitopsBranch()).setBranchesToClone(List.of(branchRef))
                    .setCredentialsProvider(credentials()).call();
        }
        Git git = Git.init().setDirectory(work.toFile()).setInitialBranch(settings.gitopsBranch()).call();
        git.remoteAdd().setName("origin").setUri(new URIish(settings.gitopsRepo())).call();
        return git;
    }

    private void push(Git git) throws GitAPIException, PlatformException, BranchMovedException {
        Iterable<PushResult> results = git.push().setRemote("origin")
                .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/" + settings.gitopsBranch()))
                .setCredentialsProvider(credentials()).call();
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
                        || update.getStatus() == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED) {
                    throw new BranchMovedException(update.getRemoteName() + " moved");
                }
                if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    throw new PlatformException("push to " + update.getRemoteName() + " was refused: " + update.getStatus()
                            + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
                }
            }
        }
    }

    private CredentialsProvider credentials() {
        return settings.gitToken() == null ? null : new UsernamePasswordCredentialsProvider(TOKEN_USER, settings.gitToken());
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
