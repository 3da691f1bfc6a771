package io.meshbench.run;

import io.meshbench.core.EntryPoint;
import io.meshbench.load.Slot;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.scrape.ScrapeSnapshot;
import io.meshbench.platform.Deployment;

import java.time.Instant;
import java.util.List;

/**
 * One slot's fresh deployment and what was measured of it before its traffic: startups, the data
 * plane's counters right after deploy, and the idle window. Each measurement of the slot carries
 * these, so a deployment's figures are counted once.
 */
record SlotDeployment(Slot slot, Instant startedAt, Deployment deployment, List<PodStartup> startups,
                      ScrapeSnapshot deployScrape, ResourceUsage idle) {

    /** Request names and URLs of the entry points, in one order, for the simulation. */
    record EntryTable(String[] services, String[] urls) {
        static EntryTable of(List<EntryPoint> entries) {
            return new EntryTable(entries.stream().map(EntryPoint::service).toArray(String[]::new),
                    entries.stream().map(e -> e.url().toString()).toArray(String[]::new));
        }
    }
}
