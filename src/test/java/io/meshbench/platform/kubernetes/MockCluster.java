package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

final class MockCluster {
    private MockCluster() {
    }

    /**
     * A mock API server in CRUD mode that also answers explicit expectations (pod proxy, /version),
     * and whose watches resume from a resourceVersion as a real API server's do ({@link ResumingCrud}).
     */
    static KubernetesMockServer newServer() {
        // the fake controllers add expectations (pod proxy paths) from their threads while the server reads them
        Map<ServerRequest, Queue<ServerResponse>> responses = new ConcurrentHashMap<>();
        return new KubernetesMockServer(new Context(), new MockWebServer(), responses, new Mixed(responses), false);
    }

    /** Expectations first (while one is queued for the request), the CRUD store otherwise. */
    private static final class Mixed extends Dispatcher {
        private final Map<ServerRequest, Queue<ServerResponse>> responses;
        private final MockDispatcher expectations;
        private final ResumingCrud crud = new ResumingCrud();

        Mixed(Map<ServerRequest, Queue<ServerResponse>> responses) {
            this.responses = responses;
            this.expectations = new MockDispatcher(responses);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Queue<ServerResponse> expected = responses.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
            return expected != null && !expected.isEmpty() ? expectations.dispatch(request) : crud.dispatch(request);
        }

        @Override
        public void shutdown() {
            expectations.shutdown();
            crud.shutdown();
        }
    }

    /**
     * The stock CRUD store, plus what a real API server guarantees to a watch that names a
     * resourceVersion — every informer's, so every fabric8 {@code waitUntilCondition} and
     * {@code informOnCondition}: it hears of every deletion after that version. The stock mock
     * only sends the objects that exist when the watch opens, so an object deleted between an
     * informer's list and its watch stayed in the informer's cache for good, and whoever waited
     * for it to go (teardown for the pods the garbage collector had just deleted) waited its whole
     * timeout. Deletions are kept per object until it is created again, so a re-created object
     * is never reported deleted.
     */
    static final class ResumingCrud extends KubernetesCrudDispatcher {
        /** More deletions than any test makes; a real server forgets old versions too (410 Gone). */
        private static final int KEPT = 10_000;

        private record Deletion(long version, AttributeSet attributes, String json) {
        }

        /** By object (kind, namespace, name), oldest first; guarded by itself. */
        private final LinkedHashMap<String, Deletion> deletions = new LinkedHashMap<>();

        @Override
        public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                                 GenericKubernetesResource resource, String newResource) {
            synchronized (deletions) {
                String old = oldAttributes == null ? null : map.get(oldAttributes);
                super.processEvent(path, pathAttributes, oldAttributes, resource, newResource);
                if (newResource != null) {
                    deletions.remove(identity(newResource));
                } else if (old != null) {
                    String id = identity(old);
                    deletions.remove(id);
                    deletions.put(id, new Deletion(requestResourceVersion(), oldAttributes, old));
                    if (deletions.size() > KEPT) deletions.remove(deletions.keySet().iterator().next());
                }
            }
        }

        @Override
        public MockResponse handleWatch(String path) {
            MockResponse response = super.handleWatch(path);
            long since = resourceVersion(path);
            WebSocketListener listener = response.getWebSocketListener();
            if (since <= 0 || listener == null) return response;
            return response.withWebSocketUpgrade(new Resuming(listener, watched(path), since));
        }

        /** What the stock watch matches objects against: the path's attributes and a metadata.name field selector. */
        private AttributeSet watched(String path) {
            AttributeSet attributes = attributeExtractor.fromPath(path);
            String name = query(path).get("fieldSelector");
            if (name != null && name.startsWith("metadata.name=")) {
                attributes = attributes.add(new Attribute("name", name.substring("metadata.name=".length())));
            }
            return attributes;
        }

        /**
         * The stock listener, and once it is open the deletions after {@code since} that it matches,
         * sent after the stock listener has started hearing live events, so none falls in between.
         * A deletion both live and replayed arrives twice; informers ignore a deletion of what they
         * no longer hold.
         */
        private final class Resuming extends WebSocketListener {
            private final WebSocketListener stock;
            private final AttributeSet watched;
            private final long since;

            Resuming(WebSocketListener stock, AttributeSet watched, long since) {
                this.stock = stock;
                this.watched = watched;
                this.since = since;
            }

            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                stock.onOpen(webSocket, response);
                synchronized (deletions) {
                    for (Deletion d : deletions.values()) {
                        if (d.version() > since && d.attributes().matches(watched)) {
                            GenericKubernetesResource gone = Serialization.unmarshal(d.json(), GenericKubernetesResource.class);
                            webSocket.send(Serialization.asJson(new WatchEvent(gone, "DELETED")));
                        }
                    }
                }
            }

            @Override
            public void onBeforeAccept(WebSocket webSocket, Response response) {
                stock.onBeforeAccept(webSocket, response);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                stock.onMessage(webSocket, text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                stock.onMessage(webSocket, bytes);
            }

            @Override
            public void onMessage(WebSocket webSocket, byte[] bytes) {
                stock.onMessage(webSocket, bytes);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                stock.onClosing(webSocket, code, reason);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                stock.onClosed(webSocket, code, reason);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                stock.onFailure(webSocket, t, response);
            }
        }

        private static String identity(String json) {
            GenericKubernetesResource o = Serialization.unmarshal(json, GenericKubernetesResource.class);
            return o.getApiVersion() + "/" + o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        }

        private static long resourceVersion(String path) {
            try {
                return Long.parseLong(query(path).getOrDefault("resourceVersion", "0"));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private static Map<String, String> query(String path) {
            Map<String, String> out = new HashMap<>();
            String raw = URI.create(path).getRawQuery();
            if (raw == null) return out;
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return out;
        }
    }
}
