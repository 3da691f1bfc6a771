package io.meshbench.platform.kubernetes;

import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InjectorSettingsTest {

    private static Properties base() {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", "inj-1");
        p.setProperty("deploy", "direct");
        return p;
    }

    @Test
    void withoutTheFlagTheCountFollowsTheEntryRate() throws Exception {
        InjectorSettings s = KubernetesSettings.fromProperties(base(), Map.of()).injectors();
        assertEquals(1, s.countFor(0));
        assertEquals(1, s.countFor(500));
        assertEquals(2, s.countFor(501));
        assertEquals(9, s.countFor(4_200));
        assertEquals(InjectorSettings.MAX_INJECTORS, s.countFor(1e9));
        assertEquals(InjectorSettings.DEFAULT_IMAGE, s.image());
        assertEquals(Duration.ofSeconds(30), s.startDelay());
        assertTrue(s.nodeSelector().isEmpty());
    }

    @Test
    void readsCountSelectorImageAndDelay() throws Exception {
        Properties p = base();
        p.setProperty("injectors", "4");
        p.setProperty("injectors.nodeSelector", "meshbench.io/role=load, kubernetes.io/arch=amd64");
        p.setProperty("injectors.image", "ghcr.io/me/injector:1");
        p.setProperty("injectors.startDelay", "45s");
        InjectorSettings s = KubernetesSettings.fromProperties(p, Map.of()).injectors();
        assertEquals(4, s.countFor(100_000), "an explicit count is kept whatever the rate");
        assertEquals(Map.of("meshbench.io/role", "load", "kubernetes.io/arch", "amd64"), s.nodeSelector());
        assertEquals("ghcr.io/me/injector:1", s.image());
        assertEquals(Duration.ofSeconds(45), s.startDelay());
    }

    @Test
    void zeroNegativeNonNumericAndTooManyAreRefusedWithTheirFix() {
        for (String[] c : new String[][]{{"0", "at least -Dinjectors=1"}, {"-2", "at least -Dinjectors=1"},
                {"three", "not a whole number"}, {"2.5", "not a whole number"},
                {String.valueOf(InjectorSettings.MAX_INJECTORS + 1), "at most -Dinjectors=" + InjectorSettings.MAX_INJECTORS}}) {
            Properties p = base();
            p.setProperty("injectors", c[0]);
            PlatformException e = assertThrows(PlatformException.class, () -> KubernetesSettings.fromProperties(p, Map.of()));
            assertTrue(e.getMessage().contains("-Dinjectors=" + c[0]) && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void everyBadInjectorOptionIsReportedAtOnce() {
        Properties p = base();
        p.setProperty("injectors", "0");
        p.setProperty("injectors.nodeSelector", "role");
        p.setProperty("injectors.startDelay", "0s");
        PlatformException e = assertThrows(PlatformException.class, () -> KubernetesSettings.fromProperties(p, Map.of()));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("-Dinjectors.nodeSelector=role"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dinjectors.startDelay"), e.getMessage());
    }
}
