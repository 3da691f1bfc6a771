package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.mesh.AmbientDataPlane;
import io.meshbench.platform.local.mesh.SidecarDataPlane;

/** The data plane that implements each mode on the local target. */
public final class LocalDataPlanes {
    private LocalDataPlanes() {
    }

    public static LocalDataPlane create(MeshMode mode, LocalSettings settings) throws PlatformException {
        return switch (mode) {
            case BASELINE -> new NoMesh();
            case SIDECAR -> new SidecarDataPlane();
            case AMBIENT -> new AmbientDataPlane(false);
            case WAYPOINT -> new AmbientDataPlane(true);
        };
    }
}
