package io.meshbench.platform.kubernetes;

import io.meshbench.platform.PlatformException;

import java.net.URI;

/** How the load generator reaches an entry Service from outside the cluster. */
public interface EntryAccess extends AutoCloseable {

    /** A base URL on which {@code service} in {@code namespace} answers. */
    URI open(String namespace, String service, int port) throws PlatformException;

    @Override
    void close();
}
