package io.meshbench.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller → callee graph of a list of services: cycle search and call depth. Iterative, so a
 * long chain of thousands of services cannot overflow the stack.
 */
final class CallGraph {

    private final Map<String, List<String>> callees = new LinkedHashMap<>();

    CallGraph(List<Service> services) {
        for (Service s : services) callees.putIfAbsent(s.name(), s.callees());
    }

    /**
     * Every elementary cycle found by one depth-first pass (each back edge gives one), as the list
     * of services along it with the first repeated at the end: {@code [a, b, c, a]}. Calls to
     * unknown services are skipped.
     */
    List<List<String>> cycles() {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String root : callees.keySet()) {
            if (done.contains(root)) continue;
            // Explicit stack of (node, iterator over its callees); onPath mirrors it for O(1) lookups.
            Deque<Map.Entry<String, Iterator<String>>> stack = new ArrayDeque<>();
            List<String> path = new ArrayList<>();
            Set<String> onPath = new HashSet<>();
            stack.push(Map.entry(root, callees.get(root).iterator()));
            path.add(root);
            onPath.add(root);
            while (!stack.isEmpty()) {
                Iterator<String> next = stack.peek().getValue();
                if (next.hasNext()) {
                    String callee = next.next();
                    if (!callees.containsKey(callee) || done.contains(callee)) continue;
                    if (onPath.contains(callee)) {
                        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(callee), path.size()));
                        cycle.add(callee);
                        found.add(cycle);
                        continue;
                    }
                    stack.push(Map.entry(callee, callees.get(callee).iterator()));
                    path.add(callee);
                    onPath.add(callee);
                } else {
                    String finished = stack.pop().getKey();
                    path.remove(path.size() - 1);
                    onPath.remove(finished);
                    done.add(finished);
                }
            }
        }
        return found;
    }

    /**
     * Number of services on the longest call path (a lone service has depth 1). Requires an
     * acyclic graph, which every loaded {@link Topology} is.
     */
    int maxDepth() {
        Map<String, Integer> depth = new HashMap<>();
        int max = 0;
        // In an acyclic graph each node is pushed at most once per caller plus once as a root.
        long budget = 4L * (callees.size() + callees.values().stream().mapToLong(List::size).sum()) + 16;
        for (String root : callees.keySet()) {
            Deque<String> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                if (--budget < 0) throw new IllegalStateException("the call graph has a cycle; depth is undefined");
                String node = stack.peek();
                if (depth.containsKey(node)) {
                    stack.pop();
                    continue;
                }
                boolean ready = true;
                for (String callee : callees.getOrDefault(node, List.of())) {
                    if (callees.containsKey(callee) && !depth.containsKey(callee)) {
                        stack.push(callee);
                        ready = false;
                    }
                }
                if (ready) {
                    int d = 1;
                    for (String callee : callees.getOrDefault(node, List.of())) {
                        d = Math.max(d, 1 + depth.getOrDefault(callee, 0));
                    }
                    depth.put(node, d);
                    stack.pop();
                }
            }
            max = Math.max(max, depth.get(root));
        }
        return max;
    }
}
