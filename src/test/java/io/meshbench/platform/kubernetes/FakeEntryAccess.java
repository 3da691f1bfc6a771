package io.meshbench.platform.kubernetes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Stands in for port-forwarding, which the mock server cannot tunnel; remembers what was opened. */
final class FakeEntryAccess implements EntryAccess {
    final List<String> opened = new ArrayList<>();
    boolean closed;

    @Override
    public URI open(String namespace, String service, int port) {
        opened.add(namespace + "/" + service + ":" + port);
        return URI.create("http://127.0.0.1:" + (20000 + opened.size()));
    }

    @Override
    public void close() {
        closed = true;
    }
}
