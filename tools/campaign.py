#!/usr/bin/env python3
"""The fault-injection campaign (004 section 5.2; docs/campaign.md).

    tools/arc campaign [--quick] [--targets pata,ext2] [--generators 004|all|a,b]
                       [--experiments N] [--faults N] [--seed S] [--jobs N]
                       [--shard K/N] [--output DIR]
    tools/arc campaign --replay SEED [same plan options]
    tools/arc campaign --merge DIR... --output DIR

Each experiment boots Arc in QEMU (-icount), has the target program load with
faults in its code (msh: fault TARGET GENERATOR COUNT SEED; the P3 injects them,
libs/fault), starts pata and ext2 on a fresh ext2 disk and the Sound Blaster
driver, runs the workload (fscheck: writes, patches, renames, removes and reads
files, checked against its model; then wavplay reads a WAV file from that disk
and plays it, 004 section 5.2.4) and classifies what happened from evidence
outside the guest wherever there is some:

  not_activated      no injected instruction ran (the P3's INT3 never fired)
  no_effect          a fault ran, nothing failed, the output is right
  recovered          a P3 detected a failure, and the output is right:
                     fscheck's files on the disk (debugfs), e2fsck -fn clean,
                     and the sound QEMU's card played the file's, every frame
                     once and in order (tests/system/audio/compare_wav.py)
  not_recovered      a P3 detected a failure, and the output is wrong or missing
  silent_corruption  nothing was detected, and the output is wrong
  undetected_hang    nothing was detected, and the workload never finished
  system_down        the kernel panicked, QEMU ended, or the shell stopped answering
  unclassified       the output is wrong though no fault ran: the system itself
                     is at fault (a campaign with one of these fails)

Rates as 004 defines them: effective = manifested / experiments; detection =
detected among the effective; success = recovered / detected. The experiment
with seed S is the plan's (S - first seed)-th, so --replay S runs it again.

Output (DIR, default build/campaign): results.jsonl (one line per experiment),
report.md and report.html (004's tables with its published numbers beside ours),
and one SVG chart per generator (004's figures 5.7 to 5.10). Shards (--shard K/N
runs every N-th experiment from the K-th) write the same files; --merge joins
them into one report. Exit status 1 if any experiment was system_down or
unclassified, 0 otherwise.
"""
import argparse
import concurrent.futures
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from ext2_host import fsck, fscheck_mismatches, tool  # noqa: E402

QEMU_PY = ROOT / "tools" / "qemu.py"
COMPARE_WAV = ROOT / "tests" / "system" / "audio" / "compare_wav.py"
DEFAULT_IMAGE = ROOT / "build" / "arc.img"
# The sound the workload plays: made at build time (applications/wavplay).
SOUND = ROOT / "build" / "target" / "sysroot" / "system" / "sounds" / "test.wav"

GENERATORS_004 = ["assignment", "conditional", "initialization", "off-by-one"]
GENERATORS_MORE = ["bitflip", "pointer", "nop", "loop", "panic"]
TARGETS = ["pata", "ext2", "audio"]
OUTCOMES = ["not_activated", "no_effect", "recovered", "not_recovered", "silent_corruption",
            "undetected_hang", "system_down", "unclassified"]
EFFECTIVE = {"recovered", "not_recovered", "silent_corruption", "undetected_hang", "system_down"}
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

WORKLOAD_ROUNDS = 20
WAVPLAY_DONE = re.compile(r"^wavplay: ext2:/sound\.wav: \d+ bytes .* played on audio")
WORKLOAD_END = "campaign: workload ended"
ALIVE = "campaign: alive"
# The P3's console lines (pager/supervisor.cc, pager/code_faults.cc).
DETECTED = re.compile(r"^p3: (\S+) \(pid \d+\): (.*?)(?:; (hot|warm|cold|group|reboot) restart|; not restarted.*)$")
REACHED = r"^p3: {target} \(pid \d+\): fault \d+ reached at 0x([0-9a-f]+)$"
INJECTED = r"^p3: {target} \(pid \d+\): fault \d+ of \d+ at 0x([0-9a-f]+): (.*)$"
FSCHECK_RIGHT = re.compile(r"^fscheck: \d+ rounds, .*every byte right")
SYSTEM_DOWN = re.compile(r"PANIC")                # the kernel's panic (kernel/generic)


@dataclass(frozen=True)
class Experiment:
    index: int
    target: str
    generator: str
    seed: int
    faults: int


def make_plan(targets, generators, per_cell, faults, first_seed):
    """Every experiment of the campaign, target by target, generator by generator."""
    plan = []
    for target in targets:
        for generator in generators:
            for _ in range(per_cell):
                index = len(plan)
                plan.append(Experiment(index, target, generator, first_seed + index, faults))
    return plan


# --- one experiment ----------------------------------------------------------------

def make_disk(work):
    """A fresh ext2 disk for the workload (Arc's disk 2), with the sound on it."""
    tree = work / "tree"
    tree.mkdir()
    (tree / "sound.wav").write_bytes(SOUND.read_bytes())
    disk = work / "disk.img"
    subprocess.run([tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "1024", "-d", str(tree), str(disk), "16M"],
                   check=True)
    return disk


def qemu_steps(e):
    """The msh conversation: the fault plan, the storage stack, the workload, a probe."""
    start_pata = r"pata: disk 2 |^p3: pata \(pid \d+\): .*not restarted"
    start_ext2 = r"ext2: pata2 mounted|^ext2: |^p3: ext2 \(pid \d+\): .*not restarted"
    start_audio = r"ready, as audio$|^audio: |^p3: audio \(pid \d+\): .*not restarted"
    return ["--expect", r"^msh% $",
            "--input", f"fault {e.target} {e.generator} {e.faults} {e.seed}\r",
            "--expect", rf"^{e.target}: loads with",
            "--input", "ram:pata 2 &\r", "--expect", start_pata,
            "--input", "ram:ext2 pata2 &\r", "--expect", start_ext2,
            "--input", "ram:audio &\r", "--expect", start_audio,
            "--input", f"ram:fscheck --dir=ext2:/w {WORKLOAD_ROUNDS}; ram:wavplay ext2:/sound.wav; "
                       f"echo {WORKLOAD_END}\r",
            "--expect", f"^{WORKLOAD_END}$",
            "--input", f"echo {ALIVE}\r", "--expect", f"^{ALIVE}$"]


def run_experiment(e, image, timeout):
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="arc-campaign-") as tmp:
        disk = make_disk(Path(tmp))
        capture = Path(tmp) / "played.wav"
        run = subprocess.run([sys.executable, str(QEMU_PY), "test", "--image", str(image), "--root", "art",
                              "--icount", "--timeout", str(timeout), "--until-done", "--done-grace", "0",
                              "--disk", f"2={disk}", "--audio-file", str(capture), *qemu_steps(e)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        log = run.stdout
        problems = ["the workload did not finish"]
        if WORKLOAD_END in log:
            problems = judge_disk(disk, log) + judge_sound(capture, log)
    result = classify(e, log, problems)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result, log


def judge_disk(disk, log):
    problems, checked = fscheck_mismatches(disk, log)
    code, report = fsck(disk)
    if code != 0:
        problems.append(f"e2fsck -fn exits {code}: {report.splitlines()[0] if report else ''}")
    if checked == 0:
        problems.append("fscheck printed no file lines")
    return problems


def judge_sound(capture, log):
    """The sound the card played must be the file's, exactly once."""
    if not any(WAVPLAY_DONE.match(l) for l in log.splitlines()):
        return ["wavplay did not play the sound"]
    if not capture.exists():
        return ["QEMU captured no sound"]
    run = subprocess.run([sys.executable, str(COMPARE_WAV), str(capture), str(SOUND)], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    return [] if run.returncode == 0 else [f"the sound: {run.stdout.strip().splitlines()[-1]}"]


def verdict_of(log):
    for line in log.splitlines():
        if line.startswith("ARC-VERDICT "):
            return json.loads(line[len("ARC-VERDICT "):])
    return {}


def classify(e, log, problems):
    lines = [l for l in log.splitlines() if not l.startswith("[qemu.py]")]
    injected = [m.group(1) for l in lines if (m := re.match(INJECTED.format(target=e.target), l))]
    reached = [m.group(1) for l in lines if (m := re.match(REACHED.format(target=e.target), l))]
    detections = [l for l in lines if DETECTED.match(l)]
    verdict = verdict_of(log)
    ended = any(l == WORKLOAD_END for l in lines)
    alive = any(l == ALIVE for l in lines)
    right = any(FSCHECK_RIGHT.match(l) for l in lines) and not problems
    down = [l for l in lines if SYSTEM_DOWN.search(l)]
    if verdict.get("qemu_exit") is not None:
        down.append(f"QEMU ended with {verdict['qemu_exit']}")
    if ended and not alive:
        down.append("the shell stopped answering")
    if down:
        outcome = "system_down"
    elif right:
        outcome = "recovered" if detections else ("no_effect" if reached else "not_activated")
    elif detections:
        outcome = "not_recovered"
    elif not reached:
        outcome = "unclassified"
    else:
        outcome = "silent_corruption" if ended else "undetected_hang"
    return {"seed": e.seed, "index": e.index, "target": e.target, "generator": e.generator,
            "faults": e.faults, "outcome": outcome, "injected": injected, "reached": reached,
            "detected": detections[:8], "system_down": down[:4], "workload_ended": ended,
            "output_right": right, "problems": problems[:4],
            "verdict": verdict.get("reason", verdict.get("verdict"))}


# --- rates, tables, charts ---------------------------------------------------------

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
                f"{'; '.join(r['system_down'] + r['problems'])} (`tools/arc campaign --replay {r['seed']}`)"
                for r in bad]
    return "\n".join(out) + "\n"


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


# --- the campaign ------------------------------------------------------------------

def progress(done, total, started, outcome):
    elapsed = time.monotonic() - started
    eta = elapsed / done * (total - done) if done else 0
    bar = "#" * (30 * done // total) + "." * (30 - 30 * done // total)
    sys.stderr.write(f"\r[{bar}] {done}/{total}  {elapsed / 60:.1f} min, ETA {eta / 60:.1f} min  ({outcome})     ")
    sys.stderr.flush()
    if done == total:
        sys.stderr.write("\n")


def run_campaign(experiments, args):
    results, logs = [], {}
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_experiment, e, args.image, args.timeout): e for e in experiments}
        for future in concurrent.futures.as_completed(futures):
            result, log = future.result()
            results.append(result)
            if result["outcome"] in FAILED_CAMPAIGN:
                logs[result["seed"]] = log
            if not args.replay:
                progress(len(results), len(experiments), started, result["outcome"])
    minutes = (time.monotonic() - started) / 60
    return results, logs, minutes


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--image", type=Path, default=DEFAULT_IMAGE)
    p.add_argument("--targets", default=",".join(TARGETS))
    p.add_argument("--generators", default="004", help="004 (table 5.1's four), all, or names with commas")
    p.add_argument("--experiments", type=int, default=50, help="per target and generator (004: 50)")
    p.add_argument("--faults", type=int, default=3, help="faults injected at once")
    p.add_argument("--seed", type=int, default=1, help="the first experiment's seed")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="QEMU instances at once")
    p.add_argument("--timeout", type=float, default=15, help="seconds one experiment may take")
    p.add_argument("--quick", action="store_true", help="a smoke run: 2 experiments per target and generator")
    p.add_argument("--shard", help="K/N: only experiments K, K+N, K+2N ...")
    p.add_argument("--replay", type=int, metavar="SEED", help="run the experiment with this seed, show its log")
    p.add_argument("--merge", nargs="+", type=Path, metavar="DIR", help="join shards' results into one report")
    p.add_argument("--output", type=Path, default=ROOT / "build" / "campaign")
    args = p.parse_args(argv)
    if args.quick:
        args.experiments = 2
    return args


def generators_of(text):
    if text == "004":
        return GENERATORS_004
    if text == "all":
        return GENERATORS_004 + GENERATORS_MORE
    names = text.split(",")
    unknown = [n for n in names if n not in GENERATORS_004 + GENERATORS_MORE]
    if unknown:
        raise SystemExit(f"campaign: no generator called {', '.join(unknown)}")
    return names


def main(argv=None):
    args = parse_args(argv)
    if args.merge:
        results = [json.loads(line) for d in args.merge for line in (d / "results.jsonl").read_text().splitlines()]
        metas = [json.loads((d / "meta.json").read_text()) for d in args.merge if (d / "meta.json").exists()]
        minutes = sum(m.get("minutes", 0) for m in metas)
        meta = {"command": "tools/arc campaign --merge " + " ".join(map(str, args.merge)),
                "faults": metas[0].get("faults") if metas else "?", "jobs": sum(m.get("jobs", 0) for m in metas),
                "minutes": minutes, "per_minute": len(results) / minutes if minutes else 0}
        print(write_reports(results, args.output, meta))
        return 1 if any(r["outcome"] in FAILED_CAMPAIGN for r in results) else 0
    if not args.image.exists():
        raise SystemExit(f"campaign: {args.image}: no image (tools/arc build)")
    targets = args.targets.split(",")
    plan = make_plan(targets, generators_of(args.generators), args.experiments, args.faults, args.seed)
    if args.replay is not None:
        chosen = [e for e in plan if e.seed == args.replay]
        if not chosen:
            raise SystemExit(f"campaign: no experiment with seed {args.replay} in this plan "
                             f"(seeds {args.seed}..{args.seed + len(plan) - 1})")
        result, log = run_experiment(chosen[0], args.image, args.timeout)
        print(log)
        print(json.dumps(result, indent=1))
        return 1 if result["outcome"] in FAILED_CAMPAIGN else 0
    if args.shard:
        k, n = (int(x) for x in args.shard.split("/"))
        plan = [e for e in plan if e.index % n == k]
    results, logs, minutes = run_campaign(plan, args)
    meta = {"command": "tools/arc campaign " + " ".join(argv if argv is not None else sys.argv[1:]),
            "faults": args.faults, "jobs": args.jobs, "minutes": round(minutes, 2),
            "per_minute": len(results) / minutes if minutes else 0, "experiments": len(results)}
    markdown = write_reports(results, args.output, meta)
    for seed, log in logs.items():
        (args.output / f"log-{seed}.txt").write_text(log)
    print(markdown)
    print(f"campaign: {len(results)} experiments in {minutes:.1f} min ({meta['per_minute']:.1f} per minute); "
          f"report in {args.output}/report.html")
    return 1 if any(r["outcome"] in FAILED_CAMPAIGN for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
