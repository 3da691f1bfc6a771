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

    /** Counter deltas over the window; problems (unreachable endpoints, missing names) go to warnings. */
    static DataPlaneSummary after(Deployment d, Object before, List<String> warnings) {
        if (!(before instanceof ScrapeSnapshot start)) return DataPlaneSummary.empty();
        ScrapeSnapshot end = SCRAPER.scrape(d.dataPlaneMetrics());
        DataPlaneSummary summary = SCRAPER.summarize(start, end);
        // missingMetrics names absent metrics and failed scrapes, each once.
        for (String problem : summary.missingMetrics()) warnings.add("data plane: " + problem);
        return summary;
    }
}
