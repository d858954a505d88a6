package dev.parapet.bench;

import dev.parapet.bench.harness.Impl;
import dev.parapet.bench.harness.Pair;
import dev.parapet.bench.harness.Stacks;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the side-by-side suite and prints one table: handshakes/s, bulk MB/s, heap per record and per idle
 * connection for every implementation, with the ratio to SunJSSE on the same JDK; then Parapet's primitives.
 * JMH options given on the command line (e.g. {@code -f 1 -wi 2 -w 2s -i 3 -r 2s}) apply to every benchmark.
 */
public final class Suite {
    private static final String[] HANDSHAKES = {"TLS13_ECDSA_P256", "TLS13_RSA_2048", "TLS12_ECDHE_ECDSA",
            "TLS13_RESUMED", "TLS12_RESUMED"};
    private static final String[] CIPHERS = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"};
    private static final String[] SIZES = {"16384", "1024"};

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        Stacks.configureJvm();
        CommandLineOptions cli = new CommandLineOptions(args);
        List<String> header = new ArrayList<>();
        header.add("date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        header.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        header.add("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + cpuModel()
                + "; load average at start: " + loadAverage());

        // Which implementations load here, and what each bulk pair really negotiates.
        Map<Impl, String> unavailable = new EnumMap<>(Impl.class);
        List<String> available = new ArrayList<>();
        Map<String, String> negotiated = new LinkedHashMap<>();
        for (Impl impl : Impl.values()) {
            String why = Stacks.unavailable(impl);
            if (why != null) {
                unavailable.put(impl, why);
                continue;
            }
            available.add(impl.name());
            for (String cipher : CIPHERS) {
                try (Pair p = BulkBenchmark.connect(impl, cipher)) {
                    negotiated.put(impl + "/" + cipher, p.negotiated());
                } catch (Exception e) {
                    negotiated.put(impl + "/" + cipher, "failed: " + e);
                }
            }
        }

        ChainedOptionsBuilder opts = new OptionsBuilder().parent(cli)
                .include(HandshakeBenchmark.class.getSimpleName())
                .include(BulkBenchmark.class.getSimpleName())
                .include(ParapetPrimitivesBenchmark.class.getSimpleName())
                .include(RecordProtectionBenchmark.class.getSimpleName())
                .addProfiler("gc")
                .param("protection", "TLS13_AES_128_GCM", "TLS12_AES_256_GCM", "TLS12_CHACHA20_POLY1305")
                .shouldFailOnError(false);
        if (!cli.getParameter("impl").hasValue()) {
            opts.param("impl", available.toArray(new String[0]));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        String loadAfter = loadAverage();

        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> alloc = new LinkedHashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            // Keys name the parameters in a fixed order: impl first, then the others as JMH lists them.
            StringBuilder key = new StringBuilder(bench);
            if (r.getParams().getParam("impl") != null) {
                key.append('/').append(r.getParams().getParam("impl"));
            }
            for (String p : r.getParams().getParamsKeys()) {
                if (!p.equals("impl")) {
                    key.append('/').append(r.getParams().getParam(p));
                }
            }
            score.put(key.toString(), r.getPrimaryResult().getScore());
            Result a = r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (a != null) {
                alloc.put(key.toString(), a.getScore());
            }
        }

        Map<Impl, String> idle = new EnumMap<>(Impl.class);
        for (Impl impl : Impl.values()) {
            if (!unavailable.containsKey(impl) && available.contains(impl.name())) {
                idle.put(impl, idleMemory(impl));
            }
        }

        List<String> out = new ArrayList<>(header);
        out.add("load average at end: " + loadAfter);
        out.add("");
        StringBuilder h = new StringBuilder("| benchmark | unit |");
        StringBuilder sep = new StringBuilder("| --- | --- |");
        for (Impl impl : Impl.values()) {
            h.append(' ').append(impl.label).append(" |");
            sep.append(" ---: |");
        }
        out.add(h.toString());
        out.add(sep.toString());
        for (String s : HANDSHAKES) {
            String label = s.endsWith("_RESUMED") ? "resumed handshake " + s.replace("_RESUMED", "")
                    : "full handshake " + s.replace('_', ' ');
            out.add(row(label, "hs/s", impl -> score.get(
                    "HandshakeBenchmark.handshake/" + impl + "/" + s), unavailable, "%.0f", false, null));
        }
        for (String c : CIPHERS) {
            for (String size : SIZES) {
                out.add(row("bulk " + c.replace('_', '-') + " " + (size.equals("16384") ? "16 KiB" : "1 KiB")
                        + " writes", "MB/s", impl -> {
                            Double ops = score.get("BulkBenchmark.send/" + impl + "/" + c + "/" + size);
                            return ops == null ? null : ops * Integer.parseInt(size) / 1e6;
                        }, unavailable, "%.0f", false, impl -> negotiated.get(impl + "/" + c)));
            }
        }
        for (String s : HANDSHAKES) {
            out.add(row("heap allocated per handshake " + s.replace('_', ' '), "KiB", impl -> {
                Double a = alloc.get("HandshakeBenchmark.handshake/" + impl + "/" + s);
                return a == null ? null : a / 1024;
            }, unavailable, "%.0f", true, null));
        }
        for (String c : CIPHERS) {
            for (String size : SIZES) {
                out.add(row("heap per record " + c.replace('_', '-') + " " + (size.equals("16384") ? "16 KiB"
                        : "1 KiB") + " (seal + open)", "B", impl -> alloc.get("BulkBenchmark.send/" + impl + "/"
                        + c + "/" + size), unavailable, "%.0f", true, null));
            }
        }
        out.add(row("heap retained per idle connection, per side", "B", impl -> {
            String v = idle.get(impl);
            return v == null || !v.matches("[0-9.]+") ? null : Double.valueOf(v);
        }, unavailable, "%.0f", true, null));
        // Parapet-only rows: the value in the Parapet column, no ratio.
        for (Map.Entry<String, Double> e : score.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("ParapetPrimitivesBenchmark") || k.startsWith("RecordProtectionBenchmark")) {
                boolean record = k.startsWith("RecordProtection");
                String name = record ? "record " + k.substring(k.indexOf('.') + 1).replace('/', ' ') + " 16 KiB"
                        : k.substring(k.indexOf('.') + 1).replace('/', ' ');
                String value = record ? String.format(Locale.ROOT, "%.0f MB/s", e.getValue() * 16384 / 1e6)
                        : String.format(Locale.ROOT, "%.1f", e.getValue());
                Double a = alloc.get(k);
                if (a != null && record) {
                    value += String.format(Locale.ROOT, ", %.0f B/op", a);
                }
                StringBuilder r = new StringBuilder("| Parapet primitive: " + name + " | " + (record ? "MB/s"
                        : "µs/op") + " |");
                for (Impl impl : Impl.values()) {
                    r.append(' ').append(impl == Impl.PARAPET ? value : "").append(" |");
                }
                out.add(r.toString());
            }
        }
        out.add("");
        out.add("Cells: value (ratio to SunJSSE; for heap rows lower is better). Bulk: one op = one write sealed by "
                + "the client and opened by the server.");
        for (Map.Entry<String, String> e : negotiated.entrySet()) {
            if (!e.getValue().startsWith("TLSv1.3")) {
                out.add("note: " + e.getKey() + " negotiated " + e.getValue()
                        + " (BoringSSL fixes its TLS 1.3 suite choice)");
            }
        }
        for (Map.Entry<Impl, String> e : unavailable.entrySet()) {
            out.add("not available here: " + e.getKey().label + ": " + e.getValue());
        }
        for (Map.Entry<Impl, String> e : idle.entrySet()) {
            if (!e.getValue().matches("[0-9.]+")) {
                out.add("idle " + e.getKey().label + ": " + e.getValue());
            }
        }
        String table = String.join("\n", out);
        System.out.println();
        System.out.println(table);
        Path file = Path.of("parapet-bench-results.md");
        Files.writeString(file, table + "\n");
        System.out.println("\n(also written to " + file.toAbsolutePath() + ")");
    }

    private static String row(String name, String unit, java.util.function.Function<Impl, Double> value,
            Map<Impl, String> unavailable, String fmt, boolean lowerBetter,
            java.util.function.Function<Impl, String> note) {
        Double base = value.apply(Impl.SUNJSSE);
        StringBuilder r = new StringBuilder("| " + name + " | " + unit + " |");
        for (Impl impl : Impl.values()) {
            Double v = value.apply(impl);
            String cell;
            if (unavailable.containsKey(impl)) {
                cell = "not available here";
            } else if (v == null) {
                cell = "n/a";
            } else {
                cell = String.format(Locale.ROOT, fmt, v);
                if (base != null && base > 0 && impl != Impl.SUNJSSE) {
                    cell += String.format(Locale.ROOT, " (%.2fx)", v / base);
                }
                String n = note == null ? null : note.apply(impl);
                if (n != null && n.startsWith("TLSv1.2")) {
                    cell += " [TLS 1.2]";
                }
            }
            r.append(' ').append(cell).append(" |");
        }
        return r.toString();
    }

    private static String idleMemory(Impl impl) {
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("java.class.path");
            Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", cp, IdleMemory.class.getName(), impl.name(), "1000")
                    .redirectErrorStream(true).start();
            String result = "no result";
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("idle ")) {
                        int i = line.indexOf("bytesPerSide=");
                        result = i >= 0 ? line.substring(i + 13).split(" ")[0] : line;
                    }
                }
            }
            p.waitFor();
            return result;
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
