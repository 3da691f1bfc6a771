package io.meshbench.load;

import io.meshbench.core.MeshMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slots in a balanced, seeded order; each slot deploys fresh, warms up, then measures. */
class LoadScheduleTest {
    private static final List<MeshMode> ABC = List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT);

    @Test
    void repetitionsAreRotationsOfOneBaseOrder() {
        List<Slot> slots = SlotOrder.balanced(ABC, 3, 7);
        assertEquals(9, slots.size());
        List<MeshMode> first = slots.subList(0, 3).stream().map(Slot::mode).toList();
        for (int rep = 0; rep < 3; rep++) {
            List<MeshMode> order = slots.subList(rep * 3, rep * 3 + 3).stream().map(Slot::mode).toList();
            List<MeshMode> expected = new ArrayList<>();
            for (int i = 0; i < 3; i++) expected.add(first.get((i + rep) % 3));
            assertEquals(expected, order, "repetition " + (rep + 1) + " is the first rotated by " + rep);
        }
        for (int i = 0; i < slots.size(); i++) {
            assertEquals(i, slots.get(i).index());
            assertEquals(i / 3 + 1, slots.get(i).repetition());
        }
    }

    @Test
    void overAsManyRepetitionsAsModesEveryModeRunsInEveryPositionOnce() {
        List<Slot> slots = SlotOrder.balanced(ABC, 3, 11);
        Map<MeshMode, Set<Integer>> positions = new HashMap<>();
        for (Slot s : slots) positions.computeIfAbsent(s.mode(), m -> new HashSet<>()).add(s.index() % 3);
        for (MeshMode m : ABC) assertEquals(Set.of(0, 1, 2), positions.get(m), m.id());
    }

    @Test
    void theSeedDecidesTheOrderAndTheSameSeedRepeatsIt() {
        assertEquals(SlotOrder.balanced(ABC, 3, 5), SlotOrder.balanced(ABC, 3, 5));
        Set<List<MeshMode>> firstOrders = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            firstOrders.add(SlotOrder.balanced(ABC, 1, seed).stream().map(Slot::mode).toList());
        }
        assertTrue(firstOrders.size() > 1, "different seeds give different orders: " + firstOrders);
    }

    @Test
    void eachSlotDeploysThenWarmsUpThenMeasures() {
        Scenario s = new Scenario("s", "x", 10, false, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                ConnectionReuse.SHARED, false, 2, "", null);
        List<Slot> slots = SlotOrder.balanced(List.of(MeshMode.BASELINE, MeshMode.AMBIENT), 2, 1);
        List<LoadPhase> phases = LoadSchedule.build(slots, 1, s, 3, Duration.ofMinutes(5));
        assertEquals(12, phases.size());
        for (int i = 0; i < slots.size(); i++) {
            assertEquals(List.of(PhaseKind.DEPLOY, PhaseKind.WARMUP, PhaseKind.MEASURE),
                    phases.subList(i * 3, i * 3 + 3).stream().map(LoadPhase::kind).toList());
            Slot slot = slots.get(i);
            assertTrue(phases.subList(i * 3, i * 3 + 3).stream().allMatch(p -> p.slot().equals(slot)));
        }
        assertEquals(0, phases.get(0).offeredRps());
        assertEquals(3, phases.get(2).offeredRps());
        assertEquals("warmup " + slots.get(0).mode().id() + " web", phases.get(1).requestName("web"));
        assertEquals(slots.get(0).mode().id() + " web", phases.get(2).requestName("web"));
        assertEquals(Duration.ofSeconds(4 * 7), LoadSchedule.trafficTime(phases));
    }

    @Test
    void noWarmupMeansDeployThenMeasure() {
        Scenario s = new Scenario("s", "x", 10, false, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5),
                ConnectionReuse.SHARED, false, 1, "", null);
        List<LoadPhase> phases = LoadSchedule.build(SlotOrder.balanced(List.of(MeshMode.SIDECAR), 1, 1), 2, s, 3,
                Duration.ofMinutes(5));
        assertEquals(List.of(PhaseKind.DEPLOY, PhaseKind.MEASURE), phases.stream().map(LoadPhase::kind).toList());
        assertEquals("sidecar web", phases.get(1).requestName("web"));
    }

    @Test
    void rehearsalsComeFirstOnePerModeAndLeaveTheMeasuredOrderAsItWas() {
        List<Slot> measured = SlotOrder.balanced(ABC, 3, 7);
        List<Slot> all = SlotOrder.withRehearsals(measured);
        assertEquals(12, all.size());
        List<Slot> rehearsals = all.subList(0, 3);
        assertTrue(rehearsals.stream().allMatch(r -> r.rehearsal() && r.repetition() == 0), rehearsals.toString());
        assertEquals(measured.subList(0, 3).stream().map(Slot::mode).toList(), rehearsals.stream().map(Slot::mode).toList(),
                "modes rehearse in the order they first run");
        List<Slot> after = all.subList(3, 12);
        assertTrue(after.stream().noneMatch(Slot::rehearsal));
        assertEquals(measured.stream().map(x -> x.mode() + " " + x.repetition()).toList(),
                after.stream().map(x -> x.mode() + " " + x.repetition()).toList(), "the balanced order is unchanged");
        for (int i = 0; i < all.size(); i++) assertEquals(i, all.get(i).index(), "indexes stay unique: slots are keyed by them");
        assertEquals("sidecar rehearsal", new Slot(0, 0, MeshMode.SIDECAR, true).label());
    }

    @Test
    void aRehearsalDeploysThenCarriesUnmeasuredTrafficAtTheRunsRate() {
        Scenario s = new Scenario("s", "x", 10, false, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                ConnectionReuse.SHARED, false, 1, "", null);
        List<Slot> slots = SlotOrder.withRehearsals(SlotOrder.balanced(List.of(MeshMode.BASELINE, MeshMode.AMBIENT), 1, 1));
        List<LoadPhase> phases = LoadSchedule.build(slots, 2, s, 3, Duration.ofMinutes(5), Duration.ofSeconds(4));
        assertEquals(List.of(PhaseKind.DEPLOY, PhaseKind.WARMUP, PhaseKind.DEPLOY, PhaseKind.WARMUP,
                        PhaseKind.DEPLOY, PhaseKind.WARMUP, PhaseKind.MEASURE, PhaseKind.DEPLOY, PhaseKind.WARMUP, PhaseKind.MEASURE),
                phases.stream().map(LoadPhase::kind).toList());
        LoadPhase rehearsal = phases.get(1);
        assertTrue(rehearsal.slot().rehearsal());
        assertEquals(Duration.ofSeconds(4), rehearsal.duration());
        assertEquals(phases.get(6).offeredRps(), rehearsal.offeredRps(), "the run's rate");
        assertTrue(phases.stream().filter(p -> p.kind() == PhaseKind.MEASURE).noneMatch(p -> p.slot().rehearsal()),
                "a rehearsal never has a measured window");
        assertEquals(Duration.ofSeconds(2 * 4 + 2 * 7), LoadSchedule.trafficTime(phases));
        assertEquals(6, LoadSchedule.build(slots, 2, s, 3, Duration.ofMinutes(5), Duration.ZERO).size(),
                "a zero window drops the rehearsals");
    }
}
