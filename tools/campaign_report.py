"""The campaign's report (docs/campaign.md): 004's rates per target and generator,
its tables 5.3 to 5.6 with the published numbers beside ours, the outcome counts,
SVG charts in the style of its figures 5.7 to 5.10, and one Markdown and one HTML
page. tools/campaign.py runs the experiments; this file only reads their results.
"""
import html
import json

OUTCOMES = ["not_activated", "no_effect", "recovered", "not_recovered", "error_reported", "silent_corruption",
            "undetected_hang", "system_down", "unclassified"]
EFFECTIVE = {"recovered", "not_recovered", "error_reported", "silent_corruption", "undetected_hang", "system_down"}
FAILED_CAMPAIGN = {"system_down", "unclassified"}

# 004's tables 5.3 to 5.6: effective, detection and success rate, percent.
PUBLISHED = {
    ("pata", "assignment"): (72, 77.8, 50), ("ext2", "assignment"): (92, 95.7, 72.7),
    ("audio", "assignment"): (92, 100, 52.2),
    ("pata", "conditional"): (26, 30.8, 75), ("ext2", "conditional"): (70, 74.3, 92.3),
    ("audio", "conditional"): (56, 67.9, 0),
    ("pata", "initialization"): (58, 79.3, 95.7), ("ext2", "initialization"): (76, 52.6, 95),
    ("audio", "initialization"): (60, 67, 50),
    ("pata", "off-by-one"): (44, 27.3, 66.7), ("ext2", "off-by-one"): (56, 96.4, 92.6),
    ("audio", "off-by-one"): (50, 80, 0),
}


def rates(results):
    """(experiments, effective %, detection %, success %) of some results."""
    n = len(results)
    effective = [r for r in results if r["outcome"] in EFFECTIVE]
    detected = [r for r in effective if r["detected"]]
    recovered = [r for r in detected if r["outcome"] == "recovered"]
    pct = lambda part, whole: 100.0 * len(part) / len(whole) if whole else None  # noqa: E731
    return n, pct(effective, results), pct(detected, effective), pct(recovered, detected)


def cells(results):
    """{(target, generator): [results]} in the order they appear."""
    out = {}
    for r in results:
        out.setdefault((r["target"], r["generator"]), []).append(r)
    return out


def fmt(value):
    return "-" if value is None else f"{value:.1f}%"


def markdown_report(results, meta):
    by_cell = cells(results)
    generators = list(dict.fromkeys(g for _, g in by_cell))
    out = ["# Fault-injection campaign", "",
           f"{len(results)} experiments, {meta.get('faults', '?')} faults each, "
           f"{meta.get('per_minute', 0):.1f} experiments per minute on {meta.get('jobs', '?')} "
           f"QEMU at once. Command: `{meta.get('command', 'tools/arc campaign')}`.", "",
           "Effective: the fault showed (a failure detected, wrong or missing output, or the system down), "
           "of all experiments. Detection: a P3 detected a failure, of the effective ones. Success: the "
           "workload's output was right, of the detected ones. 004's figures (section 5.2.5, 50 experiments "
           "each) are beside ours.", ""]
    for g in generators:
        out += [f"## {g}", "", "| target | experiments | effective | detection | success | 004: effective | "
                "detection | success |", "|---|---|---|---|---|---|---|---|"]
        for (t, gen), rs in by_cell.items():
            if gen != g:
                continue
            n, eff, det, suc = rates(rs)
            pub = PUBLISHED.get((t, g))
            theirs = " | ".join(f"{v}%" for v in pub) if pub else "- | - | -"
            out.append(f"| {t} | {n} | {fmt(eff)} | {fmt(det)} | {fmt(suc)} | {theirs} |")
        out += ["", f"![{g}]({chart_name(g)})", ""]
    out += ["## Outcomes", "", "| target | generator | " + " | ".join(OUTCOMES) + " |",
            "|---|---|" + "---|" * len(OUTCOMES)]
    for (t, g), rs in by_cell.items():
        counts = [str(sum(r["outcome"] == o for r in rs)) for o in OUTCOMES]
        out.append(f"| {t} | {g} | " + " | ".join(counts) + " |")
    bad = [r for r in results if r["outcome"] in FAILED_CAMPAIGN]
    if bad:
        out += ["", "## Experiments to look at", ""]
        out += [f"- seed {r['seed']} ({r['target']}, {r['generator']}): {r['outcome']}: "
                f"{'; '.join(r['system_down'] + r['problems'])} (`{replay_command(r)}`)"
                for r in bad]
    return "\n".join(out) + "\n"


def replay_command(r):
    """The command that runs experiment R again, whatever plan it came from
    (with one target and one generator, every seed is that cell's)."""
    return (f"tools/arc campaign --targets {r['target']} --generators {r['generator']} "
            f"--faults {r['faults']} --replay {r['seed']}")


def chart_name(generator):
    return f"chart-{generator}.svg"


def svg_chart(generator, by_cell):
    """Grouped bars per target: effective, detection, success; 004's as outlines."""
    rows = [(t, rates(rs)) for (t, g), rs in by_cell.items() if g == generator]
    colours = ["#4e79a7", "#f28e2b", "#59a14f"]
    names = ["effective", "detection", "success"]
    width, height, left, bottom = 120 + 170 * len(rows), 300, 50, 250
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             f'font-size="12">', f'<text x="{left}" y="18" font-size="14">{html.escape(generator)}: ours '
             f'(filled) and 004 (outlined)</text>']
    for pct in range(0, 101, 25):
        y = bottom - 2 * pct
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{pct}%</text>')
    for i, (target, (n, *ours)) in enumerate(rows):
        x0 = left + 20 + 170 * i
        theirs = PUBLISHED.get((target, generator), (None, None, None))
        for k in range(3):
            x = x0 + 50 * k
            if ours[k] is not None:
                parts.append(f'<rect x="{x}" y="{bottom - 2 * ours[k]:.1f}" width="22" height="{2 * ours[k]:.1f}" '
                             f'fill="{colours[k]}"><title>{names[k]} {ours[k]:.1f}%</title></rect>')
            if theirs[k] is not None:
                parts.append(f'<rect x="{x + 23}" y="{bottom - 2 * theirs[k]:.1f}" width="22" '
                             f'height="{2 * theirs[k]:.1f}" fill="none" stroke="{colours[k]}" stroke-width="2">'
                             f'<title>004 {names[k]} {theirs[k]}%</title></rect>')
        parts.append(f'<text x="{x0 + 70}" y="{bottom + 18}" text-anchor="middle">{html.escape(target)} '
                     f'({n})</text>')
    for k, name in enumerate(names):
        parts.append(f'<rect x="{left + 110 * k}" y="{bottom + 32}" width="12" height="12" fill="{colours[k]}"/>'
                     f'<text x="{left + 110 * k + 16}" y="{bottom + 43}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def html_report(markdown, charts):
    """The Markdown report as a page, its charts inline."""
    body = []
    for line in markdown.splitlines():
        if line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("!["):
            name = line[line.index("(") + 1:-1]
            body.append(charts.get(name, ""))
        elif line.startswith("|---"):
            continue
        elif line.startswith("| "):
            cells_ = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells_) + "</tr>")
        elif line:
            body.append(f"<p>{html.escape(line)}</p>")
    page, in_table = [], False
    for item in body:
        if item.startswith("<tr>") and not in_table:
            page.append('<table border="1" cellpadding="4" style="border-collapse:collapse">')
            in_table = True
        if not item.startswith("<tr>") and in_table:
            page.append("</table>")
            in_table = False
        page.append(item)
    if in_table:
        page.append("</table>")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>Arc fault-injection campaign</title></head>"
            "<body style='font-family:sans-serif'>\n" + "\n".join(page) + "\n</body></html>\n")


def write_reports(results, output, meta):
    output.mkdir(parents=True, exist_ok=True)
    results = sorted(results, key=lambda r: r["index"])
    with open(output / "results.jsonl", "w") as f:
        for r in results:
            f.write(json.dumps(r, sort_keys=True) + "\n")
    by_cell = cells(results)
    charts = {}
    for g in dict.fromkeys(g for _, g in by_cell):
        charts[chart_name(g)] = svg_chart(g, by_cell)
        (output / chart_name(g)).write_text(charts[chart_name(g)])
    markdown = markdown_report(results, meta)
    (output / "report.md").write_text(markdown)
    (output / "report.html").write_text(html_report(markdown, charts))
    (output / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    return markdown
