package io.meshbench.load.injector;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the {@code simulation.log} files of several injectors into one that Gatling's
 * reports-only mode ({@code -ro}) reads as a single run. Gatling 3.12 and later read exactly one
 * {@code simulation.log} per report (earlier versions merged every log in the folder; the
 * maintainers do not intend to bring that back), and since 3.13 the file is binary, so
 * concatenating is not enough: every record's time is relative to its own run's start and every
 * name is a reference into its own file's string table.
 *
 * <p>The format, as Gatling {@value #FORMAT} writes it (big-endian): a run record (header 0:
 * Gatling version, simulation class, start epoch ms as a long, description, the scenario names,
 * the assertions as length-prefixed blobs), then user (2), request (1), group (3) and error (4)
 * records whose times are int ms since the run's start. A string is an int byte length (0 = empty),
 * the String's internal bytes and its coder byte; a cached string is a positive new index followed by
 * the string, or a negative index already seen. The merge keeps the earliest start, shifts each
 * file's times by its start's distance from it, maps scenario indices by name and rebuilds one
 * string table; the first file's version, class, description and assertions head the result.
 * Every file must come from the same Gatling version; anything the merge cannot read is an error
 * naming the file and the byte where it stopped.
 */
public final class GatlingLogMerge {
    /** The Gatling version whose format this reads; files from another version are refused. */
    static final String FORMAT = "3.15.1";
    private static final int RUN = 0;
    private static final int REQUEST = 1;
    private static final int USER = 2;
    private static final int GROUP = 3;
    private static final int ERROR = 4;

    private GatlingLogMerge() {
    }

    /** A string as the file holds it: Java's internal bytes and coder, kept as they are. */
    private record Text(byte[] bytes, byte coder) {
        static final Text EMPTY = new Text(new byte[0], (byte) 0);

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.coder == coder && Arrays.equals(t.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + coder;
        }

        String latin1() {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private record Header(Text version, Text simulation, long start, Text description, List<Text> scenarios,
                          List<byte[]> assertions) {
    }

    /** Writes to {@code out} one log holding every record of {@code logs}; returns the number of request records. */
    public static long merge(List<Path> logs, Path out) throws IOException {
        if (logs.isEmpty()) throw new IllegalArgumentException("no simulation.log to merge");
        List<Header> headers = new ArrayList<>();
        for (Path log : logs) {
            try (Reader r = new Reader(log)) {
                headers.add(r.header());
            }
        }
        Header first = headers.get(0);
        long start = Long.MAX_VALUE;
        Map<Text, Integer> scenarios = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (!h.version().equals(first.version())) {
                throw new IOException("cannot merge logs of Gatling " + first.version().latin1() + " (" + logs.get(0) + ") and "
                        + h.version().latin1() + " (" + logs.get(i) + "): run every injector with the same image");
            }
            start = Math.min(start, h.start());
            for (Text s : h.scenarios()) scenarios.putIfAbsent(s, scenarios.size());
        }
        long requests = 0;
        try (Writer w = new Writer(out)) {
            w.header(new Header(first.version(), first.simulation(), start, first.description(),
                    new ArrayList<>(scenarios.keySet()), first.assertions()));
            for (int i = 0; i < logs.size(); i++) {
                int shift = Math.toIntExact(headers.get(i).start() - start);
                List<Integer> scenarioOf = headers.get(i).scenarios().stream().map(scenarios::get).toList();
                try (Reader r = new Reader(logs.get(i))) {
                    r.header();
                    requests += r.copyRecords(w, shift, scenarioOf);
                }
            }
        }
        return requests;
    }

    private static final class Reader implements AutoCloseable {
        private final Path file;
        private final CountingInput counting;
        private final DataInputStream in;
        private final Map<Integer, Text> strings = new HashMap<>();

        Reader(Path file) throws IOException {
            this.file = file;
            this.counting = new CountingInput(new BufferedInputStream(Files.newInputStream(file)));
            this.in = new DataInputStream(counting);
        }

        Header header() throws IOException {
            int type = in.read();
            if (type != RUN) throw error("does not start with a run record (a simulation.log of Gatling " + FORMAT + ")", null);
            try {
                Text version = text();
                if (!version.latin1().startsWith(FORMAT.substring(0, FORMAT.lastIndexOf('.')))) {
                    throw error("was written by Gatling " + version.latin1() + "; this merge reads Gatling " + FORMAT + "'s format", null);
                }
                Text simulation = text();
                long start = in.readLong();
                Text description = text();
                List<Text> scenarios = new ArrayList<>();
                for (int n = count(); n > 0; n--) scenarios.add(text());
                List<byte[]> assertions = new ArrayList<>();
                for (int n = count(); n > 0; n--) assertions.add(in.readNBytes(length()));
                return new Header(version, simulation, start, description, scenarios, assertions);
            } catch (EOFException e) {
                throw error("ends inside its run record", e);
            }
        }

        long copyRecords(Writer w, int shift, List<Integer> scenarioOf) throws IOException {
            long requests = 0;
            while (true) {
                int type = in.read();
                if (type < 0) return requests;
                try {
                    w.out.writeByte(type);
                    switch (type) {
                        case USER -> {
                            int scenario = in.readInt();
                            if (scenario < 0 || scenario >= scenarioOf.size()) throw error("names scenario " + scenario + " it does not declare", null);
                            w.out.writeInt(scenarioOf.get(scenario));
                            w.out.writeBoolean(in.readBoolean());
                            w.out.writeInt(in.readInt() + shift);
                        }
                        case REQUEST -> {
                            copyGroups(w);
                            w.cached(cached());
                            w.out.writeInt(in.readInt() + shift);
                            w.out.writeInt(in.readInt() + shift);
                            w.out.writeBoolean(in.readBoolean());
                            w.cached(cached());
                            requests++;
                        }
                        case GROUP -> {
                            copyGroups(w);
                            w.out.writeInt(in.readInt() + shift);
                            w.out.writeInt(in.readInt() + shift);
                            w.out.writeInt(in.readInt());
                            w.out.writeBoolean(in.readBoolean());
                        }
                        case ERROR -> {
                            w.cached(cached());
                            w.out.writeInt(in.readInt() + shift);
                        }
                        default -> throw error("holds a record of unknown type " + type, null);
                    }
                } catch (EOFException e) {
                    throw error("ends inside a record", e);
                }
            }
        }

        private void copyGroups(Writer w) throws IOException {
            int n = count();
            w.out.writeInt(n);
            for (int i = 0; i < n; i++) w.cached(cached());
        }

        private Text cached() throws IOException {
            int index = in.readInt();
            if (index > 0) {
                Text t = text();
                strings.put(index, t);
                return t;
            }
            Text t = strings.get(-index);
            if (t == null) throw error("refers to string " + (-index) + " before defining it", null);
            return t;
        }

        private Text text() throws IOException {
            int length = length();
            if (length == 0) return Text.EMPTY;
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) throw new EOFException();
            return new Text(bytes, in.readByte());
        }

        private int count() throws IOException {
            return length();
        }

        private int length() throws IOException {
            int n = in.readInt();
            if (n < 0 || n > 1 << 26) throw error("holds an impossible length " + n, null);
            return n;
        }

        private IOException error(String what, Exception cause) {
            return new IOException(file + " " + what + " (at byte " + counting.position + ")", cause);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class Writer implements AutoCloseable {
        final DataOutputStream out;
        private final Map<Text, Integer> strings = new HashMap<>();

        Writer(Path file) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
        }

        void header(Header h) throws IOException {
            out.writeByte(RUN);
            text(h.version());
            text(h.simulation());
            out.writeLong(h.start());
            text(h.description());
            out.writeInt(h.scenarios().size());
            for (Text s : h.scenarios()) text(s);
            out.writeInt(h.assertions().size());
            for (byte[] a : h.assertions()) {
                out.writeInt(a.length);
                out.write(a);
            }
        }

        void cached(Text t) throws IOException {
            Integer known = strings.get(t);
            if (known != null) {
                out.writeInt(-known);
                return;
            }
            int index = strings.size() + 1;
            strings.put(t, index);
            out.writeInt(index);
            text(t);
        }

        private void text(Text t) throws IOException {
            out.writeInt(t.bytes().length);
            if (t.bytes().length == 0) return;
            out.write(t.bytes());
            out.writeByte(t.coder());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Counts bytes read, so an error can say where the file stopped making sense. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long position;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) position++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) position += n;
            return n;
        }
    }
}
