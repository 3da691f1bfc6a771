package io.meshbench.run;

import io.meshbench.load.injector.InjectorGatlingReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** gatling/index.html leads to the in-cluster injectors' report when there is one, else to Gatling's own. */
class GatlingReportLinkTest {

    private static void report(Path folder) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("index.html"), "<html>");
    }

    @Test
    void theInjectorsReportComesFirst(@TempDir Path runDir) throws Exception {
        report(runDir.resolve("gatling/meshbenchsimulation-20260101000000000"));
        report(runDir.resolve("gatling").resolve(InjectorGatlingReport.FOLDER));
        GatlingExit.linkGatlingReport(runDir);
        String index = Files.readString(runDir.resolve("gatling/index.html"));
        assertTrue(index.contains("url=" + InjectorGatlingReport.FOLDER + "/index.html"), index);
    }

    @Test
    void withoutItTheNewestOfGatlingsOwn(@TempDir Path runDir) throws Exception {
        report(runDir.resolve("gatling/meshbenchsimulation-20260101000000000"));
        report(runDir.resolve("gatling/meshbenchsimulation-20260102000000000"));
        GatlingExit.linkGatlingReport(runDir);
        String index = Files.readString(runDir.resolve("gatling/index.html"));
        assertTrue(index.contains("url=meshbenchsimulation-20260102000000000/index.html"), index);
    }
}
