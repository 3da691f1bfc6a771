package io.meshbench.platform.local;

import io.meshbench.platform.MeshMode;
import io.meshbench.platform.PlatformException;

/** The data plane that implements each mode on the local target. */
public final class LocalDataPlanes {
    private LocalDataPlanes() {
    }

    /** Whether {@link #create} can build this mode here; {@code LocalPlatform.check} asks before deploying. */
    public static boolean available(MeshMode mode) {
        return mode == MeshMode.BASELINE;
    }

    public static LocalDataPlane create(MeshMode mode, LocalSettings settings) throws PlatformException {
        return switch (mode) {
            case BASELINE -> new NoMesh();
            default -> throw new PlatformException("mode " + mode + " is not available on the local target yet");
        };
    }
}
