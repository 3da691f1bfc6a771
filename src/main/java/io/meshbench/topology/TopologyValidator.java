package io.meshbench.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that concern the graph as a whole, after every service was parsed: names are unique DNS
 * labels, every callee exists, calls form no cycle, there is an entry point and not too many
 * services. Field-level checks (a bad size, a sleep too long) happen while parsing.
 */
final class TopologyValidator {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_CYCLES_REPORTED = 5;

    private TopologyValidator() {
    }

    static List<TopologyException.Problem> validate(List<Service> services, SourceMap source, int maxServices) {
        List<TopologyException.Problem> problems = new ArrayList<>();
        if (services.isEmpty()) {
            problems.add(source.problem("services", "no services — declare at least one service under "
                    + "services:, marked as the entrypoint"));
            return problems;
        }
        if (services.size() > maxServices) {
            problems.add(source.problem("services", services.size() + " services is more than the limit of "
                    + maxServices + " for this target — use a smaller topology or raise the limit with -D"
                    + TopologyLoader.MAX_SERVICES_PROPERTY + "=" + services.size()));
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            String name = services.get(i).name();
            String path = "services[" + i + "].name";
            if (!DNS_LABEL.matcher(name).matches() || name.length() > Limits.MAX_NAME_LENGTH) {
                problems.add(source.problem(path, "'" + name + "' is not a valid service name — use lower-case "
                        + "letters, digits and '-', starting and ending with a letter or digit, at most "
                        + Limits.MAX_NAME_LENGTH + " characters (it becomes a DNS name)"));
            }
            Integer first = firstIndex.putIfAbsent(name, i);
            if (first != null) {
                String firstPath = "services[" + first + "]";
                int firstLine = source.line(firstPath + ".name");
                problems.add(source.problem(path, "duplicate service name '" + name + "' (first declared as "
                        + firstPath + (firstLine > 0 ? " at line " + firstLine : "") + ") — rename one of them"));
            }
        }
        for (int i = 0; i < services.size(); i++) {
            checkCallees(services.get(i).script(), "services[" + i + "].script", firstIndex.keySet(), source, problems);
        }
        checkCycles(services, source, problems);
        if (services.stream().noneMatch(Service::entrypoint)) {
            problems.add(source.problem("services", "no entrypoint — mark the service(s) that receive the load "
                    + "with 'entrypoint: true' (isotope files: 'isEntrypoint: true')"));
        }
        return problems;
    }

    private static void checkCallees(List<Step> steps, String scriptPath, Set<String> names, SourceMap source,
                                     List<TopologyException.Problem> problems) {
        for (Step step : steps) {
            if (step instanceof Step.Call call && !names.contains(call.service())) {
                String suggestion = Names.closest(call.service(), names)
                        .map(s -> " (did you mean '" + s + "'?)").orElse("");
                problems.add(source.problem(source.pathOf(call, scriptPath), "unknown service '" + call.service()
                        + "' — declare it under services: or fix the name" + suggestion));
            } else if (step instanceof Step.Concurrent group) {
                checkCallees(group.steps(), scriptPath, names, source, problems);
            }
        }
    }

    private static void checkCycles(List<Service> services, SourceMap source, List<TopologyException.Problem> problems) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < services.size(); i++) indexOf.putIfAbsent(services.get(i).name(), i);
        Set<Set<String>> reported = new HashSet<>();
        int count = 0;
        for (List<String> cycle : new CallGraph(services).cycles()) {
            if (!reported.add(new HashSet<>(cycle))) continue;
            if (++count > MAX_CYCLES_REPORTED) break;
            // Point at the call that closes the cycle: the last service's call back to the first.
            String caller = cycle.get(cycle.size() - 2);
            String callee = cycle.get(cycle.size() - 1);
            int index = indexOf.get(caller);
            String scriptPath = "services[" + index + "].script";
            String path = findCall(services.get(index).script(), callee)
                    .map(call -> source.pathOf(call, scriptPath)).orElse(scriptPath);
            problems.add(source.problem(path, "call cycle " + String.join(" -> ", cycle)
                    + " — a request would never finish; remove one of these calls (calls must form a tree or DAG)"));
        }
    }

    private static Optional<Step.Call> findCall(List<Step> steps, String callee) {
        for (Step step : steps) {
            if (step instanceof Step.Call call && call.service().equals(callee)) return Optional.of(call);
            if (step instanceof Step.Concurrent group) {
                Optional<Step.Call> inner = findCall(group.steps(), callee);
                if (inner.isPresent()) return inner;
            }
        }
        return Optional.empty();
    }
}
