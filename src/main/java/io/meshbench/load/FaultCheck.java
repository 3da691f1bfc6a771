package io.meshbench.load;

import io.meshbench.topology.Names;
import io.meshbench.topology.Service;
import io.meshbench.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The checks of a scenario's fault that need the topology, run with the other input checks before
 * anything is deployed, and the choice of the service a fault hits.
 */
public final class FaultCheck {
    private static final int LISTED_NAMES = 12;

    private FaultCheck() {
    }

    /** Every problem of the scenario's fault against this topology (empty when fine or there is no fault). */
    public static List<String> problems(Scenario scenario, Topology topology) {
        Fault fault = scenario.fault();
        List<String> problems = new ArrayList<>();
        if (fault == null) return problems;
        String where = scenario.source() + ": fault.service";
        Set<String> called = calledServices(topology);
        if (fault.kind() == FaultKind.BAD_ROLLOUT && called.isEmpty()) {
            problems.add(scenario.source() + ": fault.kind: bad-rollout needs a service that other services call (its "
                    + "callers' data plane splits traffic and sees the failures), but topology " + topology.name()
                    + " has none; use a topology with calls between services, or kind restart-pod");
            return problems;
        }
        if (fault.service() == null) return problems;
        if (topology.service(fault.service()).isEmpty()) {
            List<String> known = topology.services().stream().map(Service::name).toList();
            String suggestion = Names.closest(fault.service(), known).map(s -> " (did you mean '" + s + "'?)").orElse("");
            problems.add(where + ": unknown service '" + fault.service() + "'" + suggestion + "; services of topology "
                    + topology.name() + ": " + list(known));
        } else if (fault.kind() == FaultKind.BAD_ROLLOUT && !called.contains(fault.service())) {
            problems.add(where + ": '" + fault.service() + "' has no callers in topology " + topology.name()
                    + ", so no data plane in front of it can split or observe the rollout; choose a called service: "
                    + list(new ArrayList<>(called)) + " (or leave service out to let the seed choose)");
        }
        return problems;
    }

    /**
     * The service the fault hits: the named one, else one chosen by the seed among the services that
     * have callers (every service when none has), so the blast radius has somewhere to go.
     * Call after {@link #problems} found none.
     */
    public static String target(Fault fault, Topology topology) {
        if (fault.service() != null) return fault.service();
        List<String> candidates = new ArrayList<>(calledServices(topology));
        if (candidates.isEmpty()) candidates = topology.services().stream().map(Service::name).sorted().toList();
        return candidates.get(new SplittableRandom(fault.seed()).nextInt(candidates.size()));
    }

    /** Services some other service calls, sorted by name. */
    static Set<String> calledServices(Topology topology) {
        Set<String> out = new TreeSet<>();
        topology.services().forEach(s -> out.addAll(s.callees()));
        return out;
    }

    private static String list(List<String> names) {
        if (names.size() <= LISTED_NAMES) return String.join(", ", names);
        return String.join(", ", names.subList(0, LISTED_NAMES)) + ", … (" + names.size() + " in all)";
    }
}
