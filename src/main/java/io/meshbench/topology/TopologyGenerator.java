package io.meshbench.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds an N-service graph shaped like an e-commerce platform, the same for the same N and seed:
 * <ul>
 *   <li>an edge tier of BFFs and APIs (about 6% of services; the entry points),</li>
 *   <li>one to four tiers of domain services (catalog, cart, checkout … pricing, payment … fraud,
 *       currency …), numbered variants such as {@code pricing-2} once a tier's names run out,</li>
 *   <li>a data-access tier of leaves ({@code <owner>-db-proxy}, {@code <owner>-cache}, about 30%).</li>
 * </ul>
 * Calls only go to deeper tiers, so the graph is acyclic by construction. Every service below the
 * edge has a caller in the tier just above and every non-leaf calls the tier just below, so all
 * services receive traffic and the depth equals the number of tiers (5 for N=142, 6 from a few
 * thousand). Steps hold 1-4 calls (several at once as a concurrent group); leaves sleep 1-5 ms.
 */
public final class TopologyGenerator {

    /** The seed of the shipped topologies and of {@code -Dtopology=N} unless {@code -Dseed} is given. */
    public static final long DEFAULT_SEED = 1;

    // Vocabularies are long enough that the 142-service platform needs no numbered variants.
    private static final List<String> EDGE = List.of("web-bff", "mobile-bff", "partner-api", "storefront-gateway",
            "admin-bff", "ios-bff", "android-bff", "graphql-gateway", "marketplace-api", "affiliate-api", "kiosk-bff",
            "b2b-api", "seller-portal-bff", "support-bff", "smart-tv-bff", "voice-assistant-api", "pos-api",
            "webhooks-api");
    private static final List<List<String>> DOMAIN_TIERS = List.of(
            // Experience and orchestration: what the BFFs call.
            List.of("catalog", "cart", "checkout", "search", "order", "account", "recommendation", "product-page",
                    "order-history", "returns", "wishlist", "store-locator", "customer-care", "seller", "homepage",
                    "browse", "compare", "quote", "booking", "reorder", "gift-registry", "saved-for-later", "deals",
                    "product-qa", "size-guide", "notification-center", "order-tracking", "store-pickup",
                    "marketplace", "subscription-box", "bulk-order", "digital-downloads"),
            // Core domain.
            List.of("pricing", "inventory", "payment", "shipping", "user", "review", "promotion", "tax", "loyalty",
                    "fulfillment", "product-detail", "category", "media", "coupon", "gift-card", "subscription",
                    "invoice", "delivery-slot", "bundle", "rating", "availability", "refund", "billing", "wallet",
                    "credit", "warranty", "assortment", "merchandising", "price-rules", "stock-reservation",
                    "shipment-tracking", "returns-policy", "customer-profile", "preferences", "address-book",
                    "payment-methods", "product-variants", "catalog-index", "store-inventory", "tax-rules",
                    "membership", "referral"),
            // Supporting services.
            List.of("fraud", "currency", "notification", "address", "session", "auth", "audit", "feature-flags",
                    "geo", "email", "sms", "ab-testing", "personalization", "warehouse", "supplier", "carrier",
                    "exchange-rate", "consent", "identity", "image-resize", "push", "translation", "ledger",
                    "risk-score", "kyc", "label-print", "route-planner", "token", "captcha", "web-analytics",
                    "spellcheck", "synonyms"),
            // Platform services, a fourth domain tier for graphs of a thousand services and more.
            List.of("config", "rate-limiter", "id-generator", "event-publisher", "secrets", "locale", "clock",
                    "schema-registry", "metrics-relay", "quota"));
    private static final double[][] DOMAIN_SPLIT = {{1.0}, {0.5, 0.5}, {0.3, 0.4, 0.3}, {0.2, 0.3, 0.3, 0.2}};

    private static final long[] REQUEST_SIZES = {256, 512, 1024};
    private static final long[] EDGE_RESPONSES = {2048, 4096, 8192};
    private static final long[] DOMAIN_RESPONSES = {512, 1024, 2048, 4096};
    private static final long[] DATA_RESPONSES = {256, 512, 1024, 2048};
    /** Calls per step: 1 most often, up to 4 (a concurrent group). */
    private static final int[] STEP_WIDTHS = {1, 1, 1, 1, 2, 2, 2, 3, 3, 4};
    private static final int MAX_CALLEES = 8;

    private TopologyGenerator() {
    }

    public static Topology generate(int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("a topology needs at least 1 service, got " + n);
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + n);
        Tiers layout = tiers(n);
        List<List<String>> tiers = layout.levels();
        int dataTier = tiers.size() - 1;
        boolean hasData = layout.hasData();

        Map<String, Set<String>> calls = new HashMap<>();
        tiers.forEach(t -> t.forEach(s -> calls.put(s, new LinkedHashSet<>())));

        // Coverage: every domain service gets a caller in the tier just above (round robin over a
        // shuffled order spreads them evenly), and every caller calls that tier at least once.
        int lastDomain = hasData ? dataTier - 1 : dataTier;
        for (int level = 1; level <= lastDomain; level++) {
            List<String> callers = shuffled(tiers.get(level - 1), rng);
            List<String> below = tiers.get(level);
            for (int i = 0; i < below.size(); i++) calls.get(callers.get(i % callers.size())).add(below.get(i));
            for (String caller : callers) {
                if (calls.get(caller).isEmpty()) calls.get(caller).add(pick(below, rng));
            }
        }
        if (hasData) {
            // Data leaves are called by the domain service that owns them; the deepest domain tier
            // always reaches the data tier, owner or not.
            for (String leaf : tiers.get(dataTier)) calls.get(ownerOf(leaf)).add(leaf);
            for (String s : tiers.get(lastDomain)) {
                if (calls.get(s).isEmpty()) calls.get(s).add(pick(tiers.get(dataTier), rng));
            }
        }
        // Extra calls give realistic fan-out: to the next two tiers, and now and then to a shared store.
        int lastCaller = hasData ? lastDomain : lastDomain - 1;
        for (int level = 0; level <= lastCaller; level++) {
            for (String caller : tiers.get(level)) {
                int extras = level == 0 ? 1 + rng.nextInt(3) : rng.nextInt(3);
                for (int e = 0; e < extras && calls.get(caller).size() < MAX_CALLEES; e++) {
                    int target = Math.min(level + 1 + (rng.nextInt(3) == 0 ? 1 : 0), dataTier);
                    calls.get(caller).add(pick(tiers.get(target), rng));
                }
                if (level > 0 && hasData && rng.nextInt(4) == 0 && calls.get(caller).size() < MAX_CALLEES) {
                    calls.get(caller).add(pick(tiers.get(dataTier), rng));
                }
            }
        }

        List<Service> services = new ArrayList<>(n);
        for (int level = 0; level < tiers.size(); level++) {
            for (String name : tiers.get(level)) {
                services.add(service(name, level, level == dataTier && hasData, new ArrayList<>(calls.get(name)), rng));
            }
        }
        String name = seed == DEFAULT_SEED ? String.valueOf(n) : n + "-seed" + seed;
        return new Topology(name, "generated(n=" + n + ", seed=" + seed + ")", services);
    }

    private static Service service(String name, int level, boolean data, List<String> callees, Random rng) {
        int replicas = level == 0 ? 2 + rng.nextInt(2) : data ? 1 + rng.nextInt(2) : 1 + rng.nextInt(3);
        long response = pick(level == 0 ? EDGE_RESPONSES : data ? DATA_RESPONSES : DOMAIN_RESPONSES, rng);
        List<Step> script = new ArrayList<>();
        if (callees.isEmpty()) {
            script.add(new Step.Sleep(Duration.ofMillis(1 + rng.nextInt(5))));
        }
        int at = 0;
        while (at < callees.size()) {
            int width = Math.min(STEP_WIDTHS[rng.nextInt(STEP_WIDTHS.length)], callees.size() - at);
            List<Step> group = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                group.add(new Step.Call(callees.get(at + i), pick(REQUEST_SIZES, rng)));
            }
            script.add(width == 1 ? group.get(0) : new Step.Concurrent(group));
            at += width;
        }
        return new Service(name, replicas, level == 0, response, 0.0, script);
    }

    /** Service names per tier: edge first, then domain tiers, then (unless too few services) data leaves. */
    record Tiers(List<List<String>> levels, boolean hasData) {
    }

    static Tiers tiers(int n) {
        int edge = n == 1 ? 1 : Math.max(1, (int) Math.round(n * 0.06));
        int rest = n - edge;
        int data = rest >= 2 ? Math.max(1, (int) Math.round(rest * 0.3)) : 0;
        int domain = rest - data;
        int domainTiers = domain == 0 ? 0 : domain < 3 ? 1 : domain < 8 ? 2 : domain < 1000 ? 3 : 4;

        List<List<String>> tiers = new ArrayList<>();
        tiers.add(names(EDGE, edge));
        int left = domain;
        for (int t = 0; t < domainTiers; t++) {
            int size = t == domainTiers - 1 ? left
                    : Math.max(1, (int) Math.round(domain * DOMAIN_SPLIT[domainTiers - 1][t]));
            tiers.add(names(DOMAIN_TIERS.get(t), size));
            left -= size;
        }
        if (data > 0) {
            // Owners taken round robin across the domain tiers (deepest first), so stores hang under
            // every tier as they do in practice: fraud-db-proxy, pricing-db-proxy, catalog-db-proxy …
            List<String> owners = new ArrayList<>();
            for (int i = 0; owners.size() < domain; i++) {
                for (int t = tiers.size() - 1; t >= 1; t--) {
                    if (i < tiers.get(t).size()) owners.add(tiers.get(t).get(i));
                }
            }
            List<String> leaves = new ArrayList<>(data);
            for (int i = 0; i < data; i++) {
                leaves.add(owners.get(i % owners.size()) + (i % 4 == 3 ? CACHE : DB_PROXY));
            }
            tiers.add(leaves);
        }
        return new Tiers(tiers, data > 0);
    }

    private static final String DB_PROXY = "-db-proxy";
    private static final String CACHE = "-cache";

    private static String ownerOf(String leaf) {
        return leaf.endsWith(DB_PROXY) ? leaf.substring(0, leaf.length() - DB_PROXY.length())
                : leaf.substring(0, leaf.length() - CACHE.length());
    }

    /** The first {@code count} names of a vocabulary, continuing with {@code name-2}, {@code name-3} … */
    private static List<String> names(List<String> vocabulary, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int round = i / vocabulary.size();
            String base = vocabulary.get(i % vocabulary.size());
            out.add(round == 0 ? base : base + "-" + (round + 1));
        }
        return out;
    }

    private static List<String> shuffled(List<String> names, Random rng) {
        List<String> copy = new ArrayList<>(names);
        Collections.shuffle(copy, rng);
        return copy;
    }

    private static String pick(List<String> names, Random rng) {
        return names.get(rng.nextInt(names.size()));
    }

    private static long pick(long[] values, Random rng) {
        return values[rng.nextInt(values.length)];
    }
}
