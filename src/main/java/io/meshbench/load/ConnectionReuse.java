package io.meshbench.load;

/** How the load generator's virtual users use connections: a declared scenario parameter. */
public enum ConnectionReuse {
    /** Keep-alive connections shared by all virtual users, as services calling services do. */
    SHARED("shared"),
    /** Each virtual user (one request) opens its own connection: every request pays a handshake. */
    PER_USER("per-user");

    private final String id;

    ConnectionReuse(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ConnectionReuse parse(String text) {
        for (ConnectionReuse c : values()) {
            if (c.id.equalsIgnoreCase(text.trim())) return c;
        }
        throw new IllegalArgumentException("'" + text + "' is not a connection mode; use shared or per-user");
    }
}
