package io.meshbench.platform.kubernetes;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Local bare repositories standing in for the GitOps remote. */
final class GitRepos {
    private GitRepos() {
    }

    static String bare(Path dir) throws Exception {
        Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
        return dir.toUri().toString();
    }

    /** Path → content of every file on {@code branch}, and every commit message on it, under key "#messages". */
    static Map<String, String> files(Path bareDir, String branch) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Git git = Git.open(bareDir.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repo = git.getRepository();
            ObjectId head = repo.resolve("refs/heads/" + branch);
            if (head == null) return out;
            RevCommit commit = walk.parseCommit(head);
            try (TreeWalk tree = new TreeWalk(repo)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    out.put(tree.getPathString(), new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                }
            }
            StringBuilder messages = new StringBuilder();
            for (RevCommit c : git.log().add(head).call()) messages.append(c.getFullMessage()).append('\n');
            out.put("#messages", messages.toString());
        }
        return out;
    }
}
