package io.meshbench.report;

/** The report's inline stylesheet (no external fonts or files). */
final class ReportStyle {

    private ReportStyle() {
    }

    static final String CSS = """
            :root { --fg:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f7f8fa; --accent:#1c7ed6; }
            * { box-sizing: border-box; }
            body { margin:0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   color:var(--fg); background:var(--bg); }
            main { max-width: 1240px; overflow-x: hidden; margin: 0 auto; padding: 24px 20px 64px; }
            header h1 { font-size: 26px; margin: 0 0 4px; }
            header .sub { color: var(--muted); margin: 0 0 4px; }
            .tag { display:inline-block; padding:2px 8px; border-radius:10px; font-size:12px; font-weight:600;
                   background:#fff3bf; color:#8a6d00; margin-left:6px; vertical-align:middle; }
            .tag.emulated { background:#ffe3e3; color:#a61e4d; }
            .banner { padding: 14px 18px; border-radius: 8px; margin: 16px 0; font-weight: 600; }
            .banner.incomplete { background:#fff3bf; border:2px solid #f59f00; color:#5c3c00; }
            .banner.failed { background:#ffe3e3; border:2px solid #e03131; color:#7d1010; }
            .banner.gate-pass { background:#ebfbee; border:1px solid #2f9e44; color:#1b5e20; }
            .banner.gate-fail { background:#ffe3e3; border:2px solid #e03131; color:#7d1010; }
            section { overflow-x: auto; background:#fff; border:1px solid var(--line); border-radius:10px; padding: 18px 22px; margin: 18px 0; }
            h2 { font-size: 18px; margin: 0 0 12px; }
            h3 { font-size: 15px; margin: 18px 0 8px; }
            table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
            th, td { padding: 5px 6px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600; }
            td.nowrap { white-space: nowrap; }
            td.note { color: var(--muted); font-size: 12px; }
            tr.group td { border-top: 2px solid #ced4da; }
            dd, td.note { overflow-wrap: anywhere; }
            td.note { min-width: 100px; }
            code { font-size: 12px; background:#f1f3f5; padding: 1px 4px; border-radius: 4px; }
            td.num { text-align: right; }
            td, th { font-size: 13px; }
            th.num { text-align: right; }
            tr.excluded td { color: var(--muted); }
            .ci { color: var(--muted); font-size: 12px; }
            .sig { color:#c92a2a; font-weight:700; }
            .nsig { color: var(--muted); }
            .better { color:#2b8a3e; }
            .worse { color:#c92a2a; }
            .status { font-size:12px; font-weight:600; padding:1px 6px; border-radius:8px; }
            .status.ok { background:#ebfbee; color:#2b8a3e; }
            .status.saturated { background:#fff3bf; color:#8a6d00; }
            .status.failed { background:#ffe3e3; color:#c92a2a; }
            .chart { margin: 8px 0 16px; }
            .chart img { max-width: 100%; height: auto; border:1px solid var(--line); border-radius:6px; }
            .missing { color: var(--muted); font-style: italic; }
            ul.warnings li { margin: 4px 0; }
            dl.facts { display:grid; grid-template-columns: 220px minmax(0, 1fr); gap: 4px 16px; margin:0; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin:0; }
            .defs dt { font-weight: 600; margin-top: 10px; }
            .defs dd { margin: 2px 0 0; }
            .defs .how { color: var(--muted); }
            .note { color: var(--muted); font-size: 12px; }
            .scope { color: var(--muted); font-size: 12px; }
            details { margin: 10px 0; }
            details summary { cursor: pointer; font-weight: 600; }
            section.answer { border: 2px solid var(--accent); }
            section.answer p { margin: 0 0 8px; }
            ul.answer { margin: 4px 0 8px; padding-left: 20px; }
            ul.answer li { margin: 3px 0; }
            footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
            a { color: var(--accent); }
            """;
}
