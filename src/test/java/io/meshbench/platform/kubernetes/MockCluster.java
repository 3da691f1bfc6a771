package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

final class MockCluster {
    private MockCluster() {
    }

    /** A mock API server in CRUD mode that also answers explicit expectations (pod proxy, /version). */
    static KubernetesMockServer newServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        return new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
    }
}
