package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a -Dtopology value is looked up: topologies/ first, then a path, then a service count. */
class TopologyLoaderTest {

    @TempDir
    Path project;

    private void write(String relative, String name) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "name: " + name + "\nservices:\n- name: only\n  entrypoint: true\n");
    }

    @Test
    void aFileInTopologiesWinsWithOrWithoutExtension() throws IOException {
        write("topologies/shop.yaml", "from-dir");
        write("topologies/legacy.yml", "from-yml");
        assertEquals("from-dir", TopologyLoader.load("shop", project, 1, 10).name());
        assertEquals("from-dir", TopologyLoader.load("shop.yaml", project, 1, 10).name());
        assertEquals("from-yml", TopologyLoader.load("legacy", project, 1, 10).name());
        assertEquals("topologies/shop.yaml", TopologyLoader.load("shop", project, 1, 10).source());
    }

    @Test
    void aNumberedFileWinsOverTheGenerator() throws IOException {
        write("topologies/7.yaml", "seven-from-file");
        assertEquals("seven-from-file", TopologyLoader.load("7", project, 1, 10).name());
        assertEquals("generated(n=8, seed=1)", TopologyLoader.load("8", project, 1, 10).source());
    }

    @Test
    void thenAPathRelativeToTheProjectOrAbsolute() throws IOException {
        write("elsewhere/graph.yaml", "by-path");
        assertEquals("by-path", TopologyLoader.load("elsewhere/graph.yaml", project, 1, 10).name());
        Topology absolute = TopologyLoader.load(project.resolve("elsewhere/graph.yaml").toString(), project, 1, 10);
        assertEquals("by-path", absolute.name());
        assertEquals("elsewhere/graph.yaml", absolute.source(), "shown relative to the project");
    }

    @Test
    void thenANumberGeneratesWithTheSeed() {
        Topology t = TopologyLoader.load("12", project, 4, 12);
        assertEquals(TopologyGenerator.generate(12, 4), t);
        assertEquals("12-seed4", t.name());
    }

    @Test
    void aFileAboveTheLimitIsRefusedToo() throws IOException {
        write("topologies/one.yaml", "one");
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load("one", project, 1, 0));
        assertEquals("topologies/one.yaml", e.file());
    }

    @Test
    void blankSpecIsExplained() {
        TopologyException e = assertThrows(TopologyException.class, () -> TopologyLoader.load(" ", project, 1, 10));
        assertEquals("-Dtopology", e.field());
    }
}
