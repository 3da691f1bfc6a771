package io.meshbench.report;

/** Tiny HTML building helpers: escaping (also for the JUnit XML) and table cells. */
final class Html {

    private Html() {
    }

    /**
     * Text for HTML and XML (the report, the JUnit gate file): markup characters as entities, and
     * control characters other than tab and line ends left out, since XML 1.0 cannot carry them.
     * Written here because none of the project's libraries offers a markup escaper.
     */
    static String esc(Object o) {
        if (o == null) return "";
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** A figure's cell: its number and unit never split over two lines (a narrow column showed "3.48" above "ms"). */
    static String num(String text) {
        return "<td class=\"num\">" + esc(text).replaceAll("(\\d) (?=[A-Za-zµ%])", "$1&nbsp;") + "</td>";
    }

    static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    static String th(String text) {
        return "<th>" + esc(text) + "</th>";
    }
}
