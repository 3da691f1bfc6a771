package io.meshbench.core;

import java.net.URI;

/** An entry-point service and the base URL that reaches it from the load generator. */
public record EntryPoint(String service, URI url) {
}
