package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.metrics.ModeMeasurement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A window in which a data-plane process died is that slot's failure, not a measurement. */
class WindowCollectorTest {

    private static ModeMeasurement measured() {
        return ModeMeasurement.window(MeshMode.SIDECAR, 2).rates(10, 10).counts(100, 0, 0)
                .deployment(List.of(), null).warnings(List.of()).build();
    }

    @Test
    void aWindowWithoutDeadProcessesIsKeptAsMeasured() {
        ModeMeasurement m = measured();
        assertSame(m, WindowCollector.failedIfDataPlaneDied(m, List.of()));
        assertFalse(m.failed());
    }

    @Test
    void aDeadProxyMarksItsModeAndRepetitionFailedWithExitStatusAndStderr() {
        String died = "sidecar cart-0 (pid 42) died: exit status 137; last stderr lines:\n    java.lang.OutOfMemoryError";
        ModeMeasurement m = WindowCollector.failedIfDataPlaneDied(measured(), List.of(died));
        assertTrue(m.failed());
        assertEquals(MeshMode.SIDECAR, m.mode());
        assertEquals(2, m.repetition());
        assertTrue(m.failure().contains("exit status 137"), m.failure());
        assertTrue(m.failure().contains("OutOfMemoryError"), m.failure());
    }
}
