package io.meshbench.report;

/** A figure's name in results.json, its title in the report, its definition and how it was measured. */
public record Figure(String key, String title, String definition, String measuredBy) {
}
