package io.meshbench.run;

import io.meshbench.report.Outcome;
import io.meshbench.report.ReportTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The docs tell the truth about commands: every command in a fenced block of the project's
 * Markdown files (a line starting with mvn, bin/, java, kubectl, kind, istioctl, .ci/ or bench/)
 * is either run here or listed below with the reason it is not, every {@code -D} option the docs
 * spell is one meshbench reads ({@link Options}) or a tool's own property listed below, and the docs
 * cite nothing outside the project.
 *
 * <p>What "run" means: ReportTool's commands run in-process on copies of a stored run, with the
 * status the doc gives them (a trailing {@code # … exit N}; 0 when it gives none); every run
 * command ({@code mvn gatling:test}, {@code bin/meshbench-ci}) gets its flags checked exactly as a
 * run checks them before anything starts (topology, scenario, thresholds, the Kubernetes settings
 * against a kubeconfig that has the doc's context). The commands marked runnable are also written to
 * {@code target/docs-commands.tsv}, which .ci/run executes as written, through the shell, on the
 * run its smoke step has just made.
 */
class DocsCommandsTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    private static final List<String> STARTS = List.of("mvn ", "bin/", "java ", "kubectl ", "kind ", "istioctl ", ".ci/", "bench/");
    private static final Pattern EXIT_COMMENT = Pattern.compile("#.*\\bexits? (\\d+)\\b");
    private static final Pattern OPTION = Pattern.compile("-D([A-Za-z][A-Za-z0-9._-]*[A-Za-z0-9])");
    private static final Pattern PLACEHOLDER_RUN = Pattern.compile("results/<[^>]+>");
    private static final Pattern RESULTS_PATH = Pattern.compile("results/([A-Za-z0-9._-]+)");
    /** The stored run the ReportTool commands read here (a real tiny/smoke run; CI uses its fresh smoke run). */
    private static final Path STORED_RUN = ROOT.resolve("src/test/resources/runs/gated-local");

    /** Commands executed: by this test (ReportTool's, in-process) and by .ci/run (all of them, as written). */
    static final Set<String> RUN = Set.of(
            "mvn exec:java -Dexec.args=\"render results/<run-id>\"",
            "mvn exec:java -Dexec.args=\"compare results/<baseline-run> results/<run-id> --fail-on=latency_us.p99:+10%\"",
            "mvn exec:java -Dexec.args=\"compare results/<baseline-run> results/<run-id> --fail-on=latency_us.p99:10\"",
            "bin/meshbench-ci -Dtopology=no-such-topology -Drun.id=docs-bad-input",
            "mvn exec:java -Dexec.args=\"render results/<run>\"",
            "mvn exec:java -Dexec.args=\"compare results/<baseline> results/<current> --fail-on=latency_us.p99:+10%\"",
            "mvn exec:java -Dexec.args=\"index results\"",
            "mvn exec:java -Dexec.mainClass=io.meshbench.report.ReportTool -Dexec.args=\"compare results/aa-1 results/aa-2 "
                    + "--fail-on=latency_us.p99:+10%,latency_us.p50:+10%,startup_ms.p50:+10%\"");

    private static final String CLUSTER = "needs a Kubernetes cluster (none here); its flags are checked against a kubeconfig with the doc's context";
    private static final String DOCKER_OR_REGISTRY = "needs Docker or a container registry (none here)";
    private static final String LONG = "a full run, longer than CI's budget; its flags are checked as the run checks them";

    /** Commands not run here, each with why. A new command in the docs fails this test until it is put in RUN or here. */
    static final Map<String, String> NOT_RUN = Map.ofEntries(
            Map.entry("mvn gatling:test -Dtopology=142", LONG + " (10–15 min; the coordinator measures it)"),
            Map.entry("mvn verify", "the tests themselves: .ci/run's first step runs exactly this (mvn -B verify)"),
            Map.entry("mvn gatling:test -Dtopology=small -Dscenario=smoke", LONG
                    + " (about 5 min; .ci/run's smoke step runs the same scenario on tiny, with all four modes)"),
            Map.entry("mvn gatling:test -Dtopology=142 -Dbaseline=results/<stored-run> "
                    + "-Dfail.on=latency_us.p99:+10%,memory_per_pod_bytes:+15%", LONG + " (and a stored 142 run)"),
            Map.entry("bin/meshbench-ci -Dtopology=142 -Dbaseline=results/<stored-run> -Dfail.on=latency_us.p99:+10%",
                    LONG + " (and a stored 142 run); .ci/run runs bin/meshbench-ci for statuses 2, 3, 64, 69 and 70"),
            Map.entry("mvn gatling:test -Dtarget=kubernetes -Dkube.context=kind-meshbench -Dtopology=small "
                    + "-Dgitops.repo=https://github.com/<you>/meshbench-gitops.git -Dimage=ghcr.io/<you>/meshbench/workload:0.1.0 "
                    + "-Dinjectors.image=ghcr.io/<you>/meshbench/injector:0.1.0", CLUSTER),
            Map.entry("mvn gatling:test -Dtarget=kubernetes -Dkube.context=kind-meshbench -Dcheck=only", CLUSTER),
            Map.entry("mvn gatling:test -Dtopology=small -Dscenario=restart-pod", LONG + " (about 5 min)"),
            Map.entry("mvn gatling:test -Dtopology=small -Dscenario=restart-dataplane -Dfault.service=cart", LONG + " (about 5 min)"),
            Map.entry("mvn gatling:test -Dtopology=small -Dscenario=bad-rollout -Dfault.errorShare=30% -Dfault.canaryWeight=10%",
                    LONG + " (about 5 min)"),
            Map.entry("mvn -Pimage compile jib:build -Dimage=ghcr.io/<you>/meshbench/workload:0.1.0", DOCKER_OR_REGISTRY),
            Map.entry("mvn -Pinjector-image compile jib:build -Dimage=ghcr.io/<you>/meshbench/injector:0.1.0", DOCKER_OR_REGISTRY),
            Map.entry("kind create cluster --name meshbench --config kind-meshbench.yaml --image kindest/node:v1.30.4", DOCKER_OR_REGISTRY),
            Map.entry("kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml", CLUSTER),
            Map.entry("kubectl -n kube-system patch deploy metrics-server --type=json -p "
                    + "'[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/args/-\",\"value\":\"--kubelet-insecure-tls\"}]'", CLUSTER),
            Map.entry("kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.1.0/standard-install.yaml", CLUSTER),
            Map.entry("istioctl install --set profile=ambient --set tag=1.23.0 -y", CLUSTER),
            Map.entry("kubectl create namespace argocd", CLUSTER),
            Map.entry("kubectl apply -n argocd -f https://raw.githubusercontent.com/argoproj/argo-cd/stable/manifests/install.yaml", CLUSTER),
            Map.entry("mvn -Pimage compile jib:dockerBuild -Dimage=meshbench/workload:dev", DOCKER_OR_REGISTRY),
            Map.entry("mvn -Pinjector-image compile jib:dockerBuild -Dimage=meshbench/injector:dev", DOCKER_OR_REGISTRY),
            Map.entry("kind load docker-image meshbench/workload:dev meshbench/injector:dev --name meshbench", DOCKER_OR_REGISTRY),
            Map.entry("mvn gatling:test -Dtarget=kubernetes -Dtopology=small -Dkube.context=kind-meshbench "
                    + "-Dgitops.repo=https://github.com/<you>/meshbench-gitops.git -Dimage=meshbench/workload:dev", CLUSTER),
            Map.entry("mvn gatling:test -Dtopology=tiny -Dscenario=smoke -Drepeat=3 -Drun.id=aa-1", LONG + " (about 4 min each)"),
            Map.entry("mvn gatling:test -Dtopology=tiny -Dscenario=smoke -Drepeat=3 -Drun.id=aa-2", LONG + " (about 4 min each)"),
            Map.entry("kind create cluster --name meshbench --image kindest/node:v1.30.4 --config - <<'EOF'", DOCKER_OR_REGISTRY),
            Map.entry("kubectl -n argocd rollout status deploy/argocd-server --timeout=5m", CLUSTER),
            Map.entry("kubectl top nodes >/dev/null", CLUSTER),
            Map.entry("mvn -B gatling:test -Dtarget=kubernetes -Dkube.context=kind-meshbench -Dtopology=142 -Dscenario=steady "
                    + "-Drepeat=3 -Dgitops.repo=https://git.example.com/you/meshbench-gitops.git -Dimage=meshbench/workload:dev "
                    + "-Dbaseline=\"$baseline\" -Dfail.on=latency_us.p99:+10%,memory_per_pod_bytes:+15%,cpu_idle_per_pod_mcores:+15% "
                    + "-Dpushgateway=http://pushgateway.monitoring:9091", CLUSTER));

    /**
     * -D properties the docs may spell that are not meshbench's options: other tools' own, each
     * with whose. Anything else a doc spells must be in {@link Options#names()}.
     */
    static final Map<String, String> TOOL_PROPERTIES = Map.ofEntries(
            Map.entry("exec.args", "exec-maven-plugin: ReportTool's arguments"),
            Map.entry("exec.mainClass", "exec-maven-plugin: the main class (the pom names ReportTool already)"),
            Map.entry("test", "surefire: which test classes run"),
            Map.entry("regenerate", "ShippedTopologiesTest: rewrite topologies/142.yaml"),
            Map.entry("includeScope", "maven-dependency-plugin: build-classpath's scope"),
            Map.entry("jib.from.image", "Jib: the base image"),
            Map.entry("jib.outputPaths.tar", "Jib: where jib:buildTar writes"),
            Map.entry("meshbench.run", "not an option: the marker every child process carries"),
            Map.entry("io.netty.jfr.enabled", "Netty: its flight-recorder events, off in every child process (JvmCommand)"),
            Map.entry("bench.rate", "the data-plane benchmark (bench/README.md)"),
            Map.entry("bench.seconds", "the data-plane benchmark"),
            Map.entry("bench.warmupSeconds", "the data-plane benchmark"),
            Map.entry("bench.rounds", "the data-plane benchmark"),
            Map.entry("bench.connections", "the data-plane benchmark"),
            Map.entry("bench.haproxyThreads", "the data-plane benchmark"),
            Map.entry("bench.paths", "the data-plane benchmark"));

    /** Where a command stands in the docs. */
    record Command(String doc, int line, String text, int expectedExit) {
        String where() {
            return doc + ":" + line;
        }
    }

    static List<Path> docs() {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("ARCHITECTURE.md"),
                ROOT.resolve("bench/README.md"), ROOT.resolve("topologies/README.md"), ROOT.resolve("scenarios/README.md"),
                ROOT.resolve("results/README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /**
     * The commands of every fenced block that is shell (```bash, ```sh or a bare ```): continuation
     * lines joined, a here-document's body skipped, a trailing comment dropped (its "exit N" kept as
     * the documented status).
     */
    static List<Command> commands() throws IOException {
        List<Command> out = new ArrayList<>();
        for (Path doc : docs()) {
            String name = ROOT.relativize(doc).toString();
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            boolean inBlock = false;
            boolean shell = false;
            String hereDocEnd = null;
            StringBuilder pending = null;
            int pendingLine = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    String info = line.substring(3).trim();
                    if (!inBlock) shell = info.isEmpty() || info.equals("bash") || info.equals("sh") || info.equals("shell");
                    inBlock = !inBlock;
                    continue;
                }
                if (!inBlock || !shell) continue;
                if (hereDocEnd != null) {
                    if (line.trim().equals(hereDocEnd)) hereDocEnd = null;
                    continue;
                }
                Matcher here = Pattern.compile("<<-?'?(\\w+)'?").matcher(line);
                if (here.find()) hereDocEnd = here.group(1);
                String s = line.strip();
                if (pending == null) {
                    if (s.startsWith("$ ")) s = s.substring(2);
                    String start = s;
                    if (STARTS.stream().noneMatch(start::startsWith) && !s.equals("mvn verify")) continue;
                    pending = new StringBuilder();
                    pendingLine = i + 1;
                } else {
                    pending.append(' ');
                }
                if (s.endsWith("\\")) {
                    pending.append(s, 0, s.length() - 1).append(' ');
                    continue;
                }
                pending.append(s);
                String text = pending.toString().replaceAll("\\s+", " ").trim();
                int expected = 0;
                int comment = commentStart(text);
                if (comment >= 0) {
                    Matcher exit = EXIT_COMMENT.matcher(text.substring(comment));
                    if (exit.find()) expected = Integer.parseInt(exit.group(1));
                    text = text.substring(0, comment).trim();
                }
                out.add(new Command(name, pendingLine, text, expected));
                pending = null;
            }
        }
        return out;
    }

    /** Where a shell comment begins ("#" after a space, outside quotes), or -1. */
    private static int commentStart(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && i > 0 && text.charAt(i - 1) == ' ') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyDocumentedCommandIsRunHereOrListedWithWhyNot() throws IOException {
        List<Command> commands = commands();
        assertTrue(commands.size() > 20, "found only " + commands.size() + " commands: " + commands);
        List<String> unclassified = new ArrayList<>();
        for (Command c : commands) {
            if (!RUN.contains(c.text()) && !NOT_RUN.containsKey(c.text())) unclassified.add(c.where() + ": " + c.text());
        }
        assertEquals(List.of(), unclassified, "commands in the docs that are neither run (RUN) nor listed with a reason"
                + " (NOT_RUN) in DocsCommandsTest: classify each");
        Set<String> documented = commands.stream().map(Command::text).collect(Collectors.toSet());
        Set<String> stale = new TreeSet<>(RUN);
        stale.addAll(NOT_RUN.keySet());
        stale.removeAll(documented);
        assertEquals(Set.of(), stale, "listed in DocsCommandsTest but no longer in any doc");
        long run = commands.stream().filter(c -> RUN.contains(c.text())).count();
        System.out.printf("docs: %d commands, %d run here and by .ci/run, %d listed as not run%n",
                commands.size(), run, commands.size() - run);
    }

    @Test
    void everyOptionTheDocsSpellIsOneMeshbenchReadsUnderItsOneName() throws IOException {
        Set<String> known = Options.names();
        Map<String, String> wrong = new TreeMap<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = OPTION.matcher(lines.get(i));
                while (m.find()) {
                    String name = m.group(1);
                    String rest = lines.get(i).substring(m.end());
                    if (rest.startsWith(".*") || rest.startsWith(".<")) continue;   // a family: -Dfault.*, -Dfault.<field>
                    String where = ROOT.relativize(doc) + ":" + (i + 1);
                    if (Options.INTERNAL.contains(name)) {
                        wrong.put(where + " -D" + name, "set by the pom, not by users: write -Drun.id / -Dtopology");
                    } else if (!known.contains(name) && !TOOL_PROPERTIES.containsKey(name)) {
                        wrong.put(where + " -D" + name, "no class reads it" + io.meshbench.topology.Names.closest(name, known)
                                .map(c -> " (did you mean -D" + c + "?)").orElse(""));
                    }
                }
            }
        }
        assertEquals(Map.of(), wrong, "options in the docs that meshbench does not read by that name");
    }

    @Test
    void everyOptionMeshbenchReadsIsDocumented() throws IOException {
        String all = docs().stream().map(DocsCommandsTest::read).collect(Collectors.joining("\n"));
        List<String> missing = Options.names().stream()
                .filter(o -> !all.contains("-D" + o) && !all.contains("`" + o + "`"))
                .toList();
        assertEquals(List.of(), missing, "options meshbench reads that no doc mentions");
    }

    @Test
    void theOptionRegistryNamesOnlyOptionsThatAreRead() throws IOException {
        String sources;
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(DocsCommandsTest::read)
                    .collect(Collectors.joining("\n"));
        }
        String pom = read(ROOT.resolve("pom.xml"));
        List<String> unread = new ArrayList<>();
        for (String o : Options.names()) {
            boolean literal = sources.contains("\"" + o + "\"") || (o.startsWith("fault.")
                    && sources.contains("\"" + o.substring("fault.".length()) + "\""));
            if (Options.MAVEN.contains(o) ? !pom.contains("<" + o + ">") : !literal) unread.add(o);
        }
        assertEquals(List.of(), unread, "options in the registry that no class (or the pom) reads");
        // and the code's own messages spell options as the docs do (a message once said -Dmeshbench.runId)
        Set<String> misspelt = new TreeSet<>();
        Matcher inString = Pattern.compile("\"[^\"\n]*?-D([A-Za-z][A-Za-z0-9._]*[A-Za-z0-9])").matcher(sources);
        while (inString.find()) {
            String name = inString.group(1);
            if (sources.startsWith(".", inString.end())) continue;   // a family built in code: "-Dfault." + field
            if (!Options.names().contains(name) && !TOOL_PROPERTIES.containsKey(name) && !name.startsWith("java.")) misspelt.add(name);
        }
        assertEquals(Set.of(), misspelt, "options named in the code's messages that are not options");
        String tests;
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/test/java/io/meshbench/bench"))) {
            tests = files.filter(f -> f.toString().endsWith(".java")).map(DocsCommandsTest::read).collect(Collectors.joining("\n"));
        }
        TOOL_PROPERTIES.keySet().stream().filter(k -> k.startsWith("bench."))
                .forEach(k -> assertTrue(tests.contains("\"" + k + "\""), k + " is not read by the benchmark"));
    }

    /** Citations of material outside the repository (spelled in pieces so this file does not cite it itself). */
    private static final List<String> OUTSIDE_CITATIONS = List.of(".." + "/" + "shared", "design " + "§", "design " + "doc");

    @Test
    void theDocsCiteOnlyTheProjectAndEveryLinkResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = ROOT.relativize(doc) + ":" + (i + 1);
                if (OUTSIDE_CITATIONS.stream().anyMatch(line::contains)) {
                    problems.add(where + ": cites a document outside the project: " + line.strip());
                }
                Matcher m = link.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.contains("://")) continue;
                    Path resolved = doc.getParent().resolve(target).normalize();
                    if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) problems.add(where + ": link to " + target + " does not resolve");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theReadmesExitStatusTableIsTheOutcomesOwn() throws IOException {
        Map<String, Integer> table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| (\\d+) \\|").matcher(read(ROOT.resolve("README.md")));
        while (row.find()) table.put(row.group(1), Integer.parseInt(row.group(2)));
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) outcomes.put(o.id(), o.exitStatus());
        assertEquals(outcomes, table, "README, \"Exit statuses\"");
    }

    /** ReportTool's commands, run in-process as written on copies of a stored run; their status as the doc says. */
    @Test
    void theReportToolCommandsGiveTheStatusTheirDocGives(@TempDir Path dir) throws IOException {
        int ran = 0;
        for (Command c : commands()) {
            if (!RUN.contains(c.text()) || !c.text().startsWith("mvn ")) continue;
            Map<String, String> flags = flags(c.text());
            // without -Dexec.mainClass the pom's is used: ReportTool either way
            assertEquals(ReportTool.class.getName(), flags.getOrDefault("exec.mainClass", pomMainClass()), c.where());
            Path project = dir.resolve("project-" + c.line());
            List<String> args = new ArrayList<>();
            for (String arg : flags.get("exec.args").split(" ")) {
                Matcher runPath = RESULTS_PATH.matcher(PLACEHOLDER_RUN.matcher(arg).replaceAll("results/stored"));
                if (runPath.matches()) {
                    copy(STORED_RUN, project.resolve("results").resolve(runPath.group(1)));
                    arg = project.resolve(runPath.group()).toString();
                } else if (arg.equals("results")) {
                    copy(STORED_RUN, project.resolve("results").resolve("stored"));
                    arg = project.resolve("results").toString();
                }
                args.add(arg);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = ReportTool.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(c.expectedExit(), status, c.where() + ": " + c.text() + "\n" + out);
            ran++;
        }
        assertTrue(ran >= 6, "ran " + ran);
    }

    /**
     * Every run command's flags, checked as a run checks them before anything starts: the same
     * RunPreparation up to the point where the target would be created. A command the doc says exits
     * 64 must be refused as bad input; every other one must pass.
     */
    @Test
    void everyRunCommandsFlagsPassTheRunsOwnInputCheck(@TempDir Path dir) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: kind-meshbench, cluster: {server: "https://127.0.0.1:6443"}}]
                users: [{name: kind-meshbench, user: {token: none}}]
                contexts: [{name: kind-meshbench, context: {cluster: kind-meshbench, user: kind-meshbench}}]
                current-context: kind-meshbench
                """);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Command c : commands()) {
            if (!c.text().matches("(mvn (-B )?gatling:test|bin/meshbench-ci) .*")) continue;
            Properties p = new Properties();
            p.setProperty("meshbench.projectDir", ROOT.toString());
            p.setProperty("results.dir", dir.resolve("results").toString());
            p.setProperty("meshbench.runId", "docs-check");
            flags(c.text()).forEach((k, v) -> {
                if (k.equals("run.id")) p.setProperty("meshbench.runId", v);
                else if (k.equals("baseline") && (v.contains("<") || v.contains("$"))) return; // a stored run of the reader's
                else p.setProperty(k, v);
            });
            if ("kubernetes".equals(p.getProperty("target"))) p.setProperty("kubeconfig", kubeconfig.toString());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            RunPreparation.Result result = RunPreparation.prepare(p,
                    new ConsoleProgress(new Console(new PrintStream(console, true, StandardCharsets.UTF_8))), plan -> {
                        throw new io.meshbench.platform.PlatformException(List.of("input accepted"), null);
                    });
            if (!(result instanceof RunPreparation.Refused refused)) {
                fail(c.where() + ": went past the target's creation: " + result);
                return;
            }
            boolean accepted = refused.problems().equals(List.of("input accepted"));
            if (c.expectedExit() == Outcome.BAD_INPUT.exitStatus() ? accepted : !accepted) {
                problems.add(c.where() + ": " + c.text() + " → " + refused.problems());
            }
            checked++;
        }
        assertEquals(List.of(), problems, "run commands whose flags do not do what their doc says");
        assertTrue(checked >= 12, "checked " + checked);
        assertTrue(Files.notExists(dir.resolve("results").resolve("docs-check")), "a checked command left a folder");
    }

    /**
     * The runnable commands for .ci/run, one a line: where, documented status, the stored runs the
     * command reads (to be made from the smoke run), the command as written with a placeholder run
     * ({@code results/<run-id>}) replaced by the smoke run.
     */
    @Test
    void writesTheRunnableCommandsForCi() throws IOException {
        StringBuilder tsv = new StringBuilder();
        for (Command c : commands()) {
            if (!RUN.contains(c.text())) continue;
            String text = PLACEHOLDER_RUN.matcher(c.text()).replaceAll("results/ci-smoke");
            Set<String> runs = new TreeSet<>();
            Matcher m = RESULTS_PATH.matcher(text);
            while (m.find()) if (!m.group(1).equals("ci-smoke")) runs.add(m.group(1));
            tsv.append(c.where()).append('\t').append(c.expectedExit()).append('\t')
                    .append(runs.isEmpty() ? "-" : String.join(",", runs)).append('\t').append(text).append('\n');
        }
        Path file = ROOT.resolve("target/docs-commands.tsv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, tsv.toString());
        assertTrue(tsv.toString().lines().count() >= RUN.size(), tsv.toString());
    }

    /** The -D options of a command, quotes removed ("…" and '…'). */
    static Map<String, String> flags(String command) {
        Map<String, String> flags = new LinkedHashMap<>();
        Matcher m = Pattern.compile("-D([A-Za-z][\\w.-]*)=(\"[^\"]*\"|'[^']*'|\\S+)").matcher(command);
        while (m.find()) {
            String v = m.group(2);
            if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) v = v.substring(1, v.length() - 1);
            flags.put(m.group(1), v);
        }
        return flags;
    }

    private static String pomMainClass() {
        Matcher m = Pattern.compile("<exec.mainClass>([^<]+)</exec.mainClass>").matcher(read(ROOT.resolve("pom.xml")));
        return m.find() ? m.group(1) : "";
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) return;
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
