package io.meshbench.report;

/** Tiny HTML building helpers: escaping and table cells. */
final class Html {

    private Html() {
    }

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
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String num(String text) {
        return "<td class=\"num\">" + esc(text) + "</td>";
    }

    static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    static String th(String text) {
        return "<th>" + esc(text) + "</th>";
    }
}
