package io.meshbench.topology;

/** The two file formats a topology can be written in. */
enum TopologyFormat {
    /** meshbench's own: {@code entrypoint}, {@code replicas}, {@code concurrent:} groups. */
    MESHBENCH,
    /** isotope's MockServiceGraph (istio/tools): {@code isEntrypoint}, {@code numReplicas}, nested lists. */
    ISOTOPE
}
