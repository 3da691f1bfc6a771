package io.meshbench.platform.local.process;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path of a child process: this JVM's, with a manifest-only "pathing" jar (surefire's,
 * or a launcher's) expanded, cut down to the project's own classes and the libraries the child
 * uses: Netty and the Prometheus client for a proxy, plus BouncyCastle for the control plane's CA.
 *
 * <p>Why cut: the JDK keeps every opened jar's central directory in the heap, and a resource or
 * service lookup opens every jar of the path. With Gatling's 150-jar class path a proxy held
 * 22 MiB of tenured heap before carrying any traffic; BouncyCastle's signed jar alone costs a
 * proxy 7,000 manifest entries and a signature check (about 5 MiB), so proxies go without it.
 */
public final class ChildClassPath {

    /** Library jars a child needs, matched on their path. */
    private static final List<String> PROXY = List.of("/io/netty/", "/io/prometheus/", "/org/hdrhistogram/");
    private static final List<String> CONTROL_PLANE = List.of("/io/netty/", "/io/prometheus/", "/org/hdrhistogram/", "/org/bouncycastle/");
    /** Netty jars a child never loads: native TLS (children use the JDK's), other platforms' transports. */
    private static final List<String> UNNEEDED = List.of("tcnative", "macos", "io_uring", "aarch_64", "osx-", "windows-");

    private ChildClassPath() {
    }

    private static final java.util.Map<Boolean, String> CACHED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The cut class path of this JVM for a proxy, or for the control plane (with BouncyCastle), its
     * class folders packed into jars ({@link ClassesJar}, so that the proxies' classes can be
     * archived for sharing); computed once.
     */
    public static String current(boolean controlPlane) {
        return CACHED.computeIfAbsent(controlPlane, cp -> packFolders(cut(System.getProperty("java.class.path"), cp ? CONTROL_PLANE : PROXY)));
    }

    /** Each class folder of {@code classPath} replaced by its jar; a folder stays when it cannot be packed. */
    static String packFolders(String classPath) {
        List<String> out = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            Path p = Path.of(e);
            out.add(Files.isDirectory(p) ? ClassesJar.of(p, cacheDir()).map(Path::toString).orElse(e) : e);
        }
        return String.join(File.pathSeparator, out);
    }

    private static volatile Path cacheDir;

    /**
     * Where children's packed classes and class-data archive live: {@code meshbench-cds} beside the
     * project's class folder (under {@code target/}, so a clean build removes them), else in the
     * temp folder. Found on the class path as expanded: Gatling's forked JVM runs from a manifest-only
     * booter jar, and a shared temp folder would let two builds on one machine delete each other's
     * packed classes ({@link ClassesJar} removes older packs of the same folder name) under running
     * runs, whose next children then fail to find their main class.
     */
    static Path cacheDir() {
        Path dir = cacheDir;
        if (dir == null) {
            dir = cacheDir(System.getProperty("java.class.path"));
            cacheDir = dir;
        }
        return dir;
    }

    static Path cacheDir(String classPath) {
        Set<String> expanded = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) expand(Path.of(entry), expanded);
        }
        for (String e : expanded) {
            Path p = Path.of(e).toAbsolutePath();
            if (Files.isDirectory(p.resolve("io").resolve("meshbench")) && p.getParent() != null && Files.isWritable(p.getParent())) {
                return p.getParent().resolve("meshbench-cds");
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "meshbench-cds-" + System.getProperty("user.name", "user"));
    }

    /** Cuts {@code classPath}; keeps all of it when no entry of the project's own classes remains. */
    static String cut(String classPath, List<String> needed) {
        Set<String> expanded = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) expand(Path.of(entry), expanded);
        }
        List<String> kept = new ArrayList<>();
        for (String e : expanded) {
            String unix = e.replace(File.separatorChar, '/');
            boolean directory = Files.isDirectory(Path.of(e));
            boolean library = needed.stream().anyMatch(unix::contains) && UNNEEDED.stream().noneMatch(unix::contains);
            if (directory || library) kept.add(e);
        }
        boolean ownClasses = kept.stream().anyMatch(e -> Files.exists(Path.of(e, "io", "meshbench")));
        return ownClasses ? String.join(File.pathSeparator, kept) : classPath;
    }

    /** Adds {@code entry}, or, for a jar whose manifest has a Class-Path, the entries that names. */
    private static void expand(Path entry, Set<String> out) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            out.add(entry.toString());
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest m = jar.getManifest();
            String refs = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (refs == null || refs.isBlank()) {
                out.add(entry.toString());
                return;
            }
            if (jar.stream().anyMatch(e -> e.getName().endsWith(".class"))) out.add(entry.toString());
            URI base = entry.toAbsolutePath().getParent().toUri();
            for (String ref : refs.trim().split("\\s+")) {
                try {
                    out.add(Path.of(base.resolve(ref)).toString());
                } catch (RuntimeException notAFile) {
                    // a non-file URL in a manifest: not something a child can use
                }
            }
        } catch (IOException e) {
            out.add(entry.toString());
        }
    }
}
