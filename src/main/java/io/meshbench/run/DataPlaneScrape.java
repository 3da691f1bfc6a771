package io.meshbench.run;

import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.scrape.MetricsScraper;
import io.meshbench.metrics.scrape.ScrapeSnapshot;
import io.meshbench.platform.Deployment;

import java.util.List;

/** Scrapes a mode's data-plane endpoints at the edges of a measured window. */
final class DataPlaneScrape {
    private static final MetricsScraper SCRAPER = new MetricsScraper();

    private DataPlaneScrape() {
    }

    static ScrapeSnapshot before(Deployment d) {
        if (d.dataPlaneMetrics().isEmpty()) return null;
        return SCRAPER.scrape(d.dataPlaneMetrics());
    }

    /**
     * Counter deltas over the window; problems (unreachable endpoints, missing names) go to warnings.
     * The proxies' own TLS handshakes are taken since {@code sinceDeploy} instead: with pooled
     * connections nearly all handshakes happen on the first calls, before any measured window.
     */
    static DataPlaneSummary after(Deployment d, ScrapeSnapshot start, ScrapeSnapshot deployed, List<String> warnings) {
        if (start == null) return DataPlaneSummary.empty();
        ScrapeSnapshot end = SCRAPER.scrape(d.dataPlaneMetrics());
        DataPlaneSummary window = SCRAPER.summarize(start, end);
        // missingMetrics names absent metrics and failed scrapes, each once.
        for (String problem : window.missingMetrics()) warnings.add("data plane: " + problem);
        if (deployed == null) return window;
        DataPlaneSummary wholeRun = SCRAPER.summarize(deployed, end);
        return new DataPlaneSummary(window.counterDeltas(), wholeRun.tlsHandshakeMicros(), wholeRun.tlsHandshakeMethod(),
                window.missingMetrics());
    }
}
