package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.mesh.AmbientDataPlane;
import io.meshbench.platform.local.mesh.ProcessDataPlane;
import io.meshbench.platform.local.mesh.SidecarDataPlane;

import java.nio.file.Path;

/** The data plane that implements each mode on the local target. */
public final class LocalDataPlanes {
    private LocalDataPlanes() {
    }

    /**
     * Each meshed mode in the settings' layout: embedded in this JVM, or as its architecture deploys
     * it, a proxy process per pod or per node (plus a waypoint process) with a control-plane process.
     * {@code logDir} receives the children's stderr.
     */
    public static LocalDataPlane create(MeshMode mode, LocalSettings settings, Path logDir) throws PlatformException {
        if (settings.layout() == DataPlaneLayout.EMBEDDED) {
            return switch (mode) {
                case BASELINE -> new NoMesh();
                case SIDECAR -> new SidecarDataPlane();
                case AMBIENT -> new AmbientDataPlane(false);
                case WAYPOINT -> new AmbientDataPlane(true);
            };
        }
        String run = settings.runId();
        return switch (mode) {
            case BASELINE -> new NoMesh();
            case SIDECAR -> new ProcessDataPlane(ProcessDataPlane.Shape.SIDECAR, run, logDir);
            case AMBIENT -> new ProcessDataPlane(ProcessDataPlane.Shape.AMBIENT, run, logDir);
            case WAYPOINT -> new ProcessDataPlane(ProcessDataPlane.Shape.WAYPOINT, run, logDir);
        };
    }
}
