package io.meshbench.run;

/**
 * The rate a run uses and why: the scenario's, or a lower one calibration found this machine
 * carries. Goes into the results' scenario facts for the report's headline.
 *
 * @param askedPerService  the scenario's rate per service
 * @param runPerService    the rate per service the run uses
 * @param why              in words: fits, scaled and from what capacity, or kept as given with -Drate
 * @param warning          the reader must know (scaled, kept above the capacity, or not judged): it goes to the warnings
 */
public record RateDecision(double askedPerService, double runPerService, String why, boolean warning) {

    public boolean scaled() {
        return runPerService < askedPerService;
    }
}
