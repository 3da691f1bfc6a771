package io.meshbench.metrics.scrape;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** All of a data plane's endpoints scraped at (about) one moment: before or after a window. */
public record ScrapeSnapshot(Instant at, List<ScrapedSource> sources) {

    public ScrapeSnapshot {
        sources = List.copyOf(sources);
    }

    public Optional<ScrapedSource> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
