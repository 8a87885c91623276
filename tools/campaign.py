#!/usr/bin/env python3
"""The fault-injection campaign (004 section 5.2; docs/campaign.md).

    tools/arc campaign [--quick] [--targets 004|all|a,b] [--generators 004|all|a,b]
                       [--experiments N] [--faults N] [--seed S] [--jobs N]
                       [--shard K/N] [--output DIR]
    tools/arc campaign --replay SEED [--targets T --generators G --faults N]
    tools/arc campaign --merge DIR... --output DIR

Each experiment boots Arc in its own QEMU (-icount; QEMU loads the kernel and
modules itself, qemu.py --direct), has the target program load with faults in
its code (msh: fault TARGET GENERATOR COUNT SEED; the P3 injects them,
libs/fault), starts the drivers of the target's workload, runs it
(tools/campaign_workloads.py: 004 section 5.2.4's wave player after a file
system workload for pata, ext2 and audio; printing a file for parallel;
drawing frames for vbe) and classifies what happened from evidence outside
the guest wherever there is some:

  not_activated      no injected instruction ran (the P3's INT3 never fired)
  no_effect          a fault ran, nothing failed, the output is right
  recovered          a P3 detected a failure, and the output is right: the
                     files on the disk (debugfs, e2fsck -fn), the sound QEMU's
                     card played, the bytes printed, the pixels on the screen
  not_recovered      a P3 detected a failure, and the output is wrong or missing
  error_reported     nothing was detected, the output is wrong, and a program
                     of the workload said it failed (an I/O error, say)
  silent_corruption  nothing was detected, the output is wrong, and every
                     program of the workload said it succeeded
  undetected_hang    nothing was detected, and the workload never finished
  system_down        the kernel panicked, QEMU ended, or the shell stopped answering
  unclassified       the output is wrong though no fault ran: the system itself
                     is at fault (a campaign with one of these fails)

Rates as 004 defines them: effective = manifested / experiments; detection =
detected among the effective; success = recovered / detected. Seeds go round
the cells (target x generator), so the seed names the experiment: --replay S
with the plan's targets and generators (or just the experiment's own, as the
report writes it) runs it again.

Output (DIR, default build/campaign): results.jsonl (one line per experiment),
logs/SEED.txt (each experiment's console),
report.md and report.html (004's tables with its published numbers beside ours),
and one SVG chart per generator (004's figures 5.7 to 5.10). Shards (--shard K/N:
the K-th of N equal runs of consecutive seeds) write the same files; --merge
joins them into one report. Exit status 1 if any experiment was system_down or
unclassified, 0 otherwise.
"""
import argparse
import concurrent.futures
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
from campaign_report import FAILED_CAMPAIGN, write_reports  # noqa: E402
from campaign_workloads import WORKLOAD_END, WORKLOADS, Evidence, make_disk  # noqa: E402

# The image is disk 0; QEMU loads the files of its /boot itself (--direct), 3 s sooner.
from qemu import DEFAULT_BOOT_FOLDER, DEFAULT_IMAGE  # noqa: E402

QEMU_PY = ROOT / "tools" / "qemu.py"

GENERATORS_004 = ["assignment", "conditional", "initialization", "off-by-one"]
GENERATORS_MORE = ["bitflip", "pointer", "nop", "loop", "panic"]
TARGETS_004 = ["pata", "ext2", "audio"]
TARGETS_MORE = ["parallel", "vbe"]
ALIVE = "campaign: alive"
PROMPTS = re.compile(r"^(msh% )+")
# The P3's console lines (pager/supervisor.cc, pager/code_faults.cc).
DETECTED = re.compile(r"^p3: (\S+) \(pid \d+\): (.*?)(?:; (hot|warm|cold|group|reboot) restart|; not restarted.*)$")
REACHED = r"^p3: {target} \(pid \d+\): fault \d+ reached at 0x([0-9a-f]+)$"
INJECTED = r"^p3: {target} \(pid \d+\): fault \d+ of \d+ at 0x([0-9a-f]+): (.*)$"
SYSTEM_DOWN = re.compile(r"PANIC")                # the kernel's panic (kernel/generic)
# A program of the workload said it failed: msh's report of a foreground program
# that exited non-zero or crashed (applications/msh/exit_report.cc), or a
# built-in command's complaint.
ERROR_REPORTED = re.compile(r"^(ram:[\w.-]+: |msh: )")


@dataclass(frozen=True)
class Experiment:
    index: int
    target: str
    generator: str
    seed: int
    faults: int


def make_plan(targets, generators, per_cell, faults, first_seed):
    """Every experiment of the campaign, in seed order. Seeds go round the cells
    (target x generator): seed S is cell (S - first seed) mod cells, whatever the
    number per cell, so a smaller plan is the start of a larger one, any run of
    consecutive seeds covers the cells evenly, and a plan of one target and one
    generator holds every seed (what --replay uses)."""
    cells = len(targets) * len(generators)
    return [experiment_of(first_seed + index, targets, generators, faults, first_seed)
            for index in range(per_cell * cells)]


def experiment_of(seed, targets, generators, faults, first_seed):
    """The experiment with SEED in any plan of these targets and generators."""
    index = seed - first_seed
    cell = index % (len(targets) * len(generators))
    return Experiment(index, targets[cell // len(generators)], generators[cell % len(generators)], seed, faults)


def shard_of(plan, text):
    """Shard K of N (K/N, K from 0): the K-th of N runs of consecutive seeds, as
    near equal as can be. Seeds go round the cells, so each run covers them evenly."""
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise SystemExit(f"campaign: --shard {text}: K/N, e.g. 0/4")
    if not 0 <= k < n:
        raise SystemExit(f"campaign: --shard {text}: K must be 0..N-1")
    return plan[k * len(plan) // n:(k + 1) * len(plan) // n]


# --- one experiment ----------------------------------------------------------------

def qemu_steps(e, workload):
    """The msh conversation: the fault plan, the workload's drivers and commands, a probe."""
    return ["--expect", r"^msh% $",
            "--input", f"fault {e.target} {e.generator} {e.faults} {e.seed}\r",
            "--expect", rf"^{e.target}: loads with",
            *workload.shell_steps(),
            "--input", f"echo {ALIVE}\r", "--expect", f"^{ALIVE}$"]


def capture_options(workload, work):
    """qemu.py's options for the evidence the workload leaves, and where it goes."""
    ev, options = Evidence(log=""), []
    if "disk" in workload.captures:
        ev.disk = make_disk(work)
        options += ["--disk", f"2={ev.disk}"]
    if "sound" in workload.captures:
        ev.sound = work / "played.wav"
        options += ["--audio-file", str(ev.sound)]
    if "printout" in workload.captures:
        ev.printout = work / "printed.bin"
        options += ["--parallel-file", str(ev.printout)]
    if "screen" in workload.captures:
        ev.screen = work / "screen.ppm"
        options += ["--screendump", str(ev.screen)]
    return ev, options


def run_experiment(e, args):
    started = time.monotonic()
    workload = WORKLOADS[e.target]
    with tempfile.TemporaryDirectory(prefix="arc-campaign-") as tmp:
        ev, options = capture_options(workload, Path(tmp))
        run = subprocess.run([sys.executable, str(QEMU_PY), "test", "--image", str(args.image), "--root", "art",
                              "--direct", str(args.boot), "--icount", "--timeout", str(args.timeout),
                              "--until-done", "--done-grace", "0", *options, *qemu_steps(e, workload),
                              "--", *workload.qemu_flags],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        ev.log = run.stdout
        problems = ["the workload did not finish"]
        if workload_ended(ev.log):
            problems = [p for judge in workload.judges for p in judge(ev)]
    result = classify(e, ev.log, problems)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result, ev.log


def guest_lines(log):
    """The guest's console lines, without the harness's own and without the shell's
    prompts in front of what background programs printed after them."""
    return [PROMPTS.sub("", l) for l in log.splitlines() if not l.startswith("[qemu.py]")]


def workload_ended(log):
    return WORKLOAD_END in guest_lines(log)


def verdict_of(log):
    for line in log.splitlines():
        if line.startswith("ARC-VERDICT "):
            return json.loads(line[len("ARC-VERDICT "):])
    return {}


def classify(e, log, problems):
    lines = guest_lines(log)
    injected = [m.group(1) for l in lines if (m := re.match(INJECTED.format(target=e.target), l))]
    reached = [m.group(1) for l in lines if (m := re.match(REACHED.format(target=e.target), l))]
    detections = [l for l in lines if DETECTED.match(l)]
    reported = [l for l in lines if ERROR_REPORTED.match(l)]
    verdict = verdict_of(log)
    ended = WORKLOAD_END in lines
    alive = ALIVE in lines
    right = not problems
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
        outcome = "undetected_hang" if not ended else "error_reported" if reported else "silent_corruption"
    return {"seed": e.seed, "index": e.index, "target": e.target, "generator": e.generator,
            "faults": e.faults, "outcome": outcome, "injected": injected, "reached": reached,
            "detected": detections[:8], "reported": reported[:4], "system_down": down[:4], "workload_ended": ended,
            "output_right": right, "problems": problems[:4],
            "verdict": verdict.get("reason", verdict.get("verdict"))}


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
        futures = {pool.submit(run_experiment, e, args): e for e in experiments}
        for future in concurrent.futures.as_completed(futures):
            result, log = future.result()
            results.append(result)
            logs[result["seed"]] = log
            if not args.replay:
                progress(len(results), len(experiments), started, result["outcome"])
    minutes = (time.monotonic() - started) / 60
    return results, logs, minutes


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--image", type=Path, default=DEFAULT_IMAGE, help="disk 0 (default build/arc.img)")
    p.add_argument("--boot", type=Path, default=DEFAULT_BOOT_FOLDER,
                   help="the kernel and modules QEMU loads (default build/target/sysroot/boot)")
    p.add_argument("--targets", default="004", help="004 (pata, ext2, audio), all (and parallel, vbe), "
                                                     "or names with commas")
    p.add_argument("--generators", default="004", help="004 (table 5.1's four), all, or names with commas")
    p.add_argument("--experiments", type=int, default=50, help="per target and generator (004: 50)")
    p.add_argument("--faults", type=int, default=3, help="faults injected at once")
    p.add_argument("--seed", type=int, default=1, help="the first experiment's seed")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="QEMU instances at once")
    p.add_argument("--timeout", type=float, default=15, help="seconds one experiment may take")
    p.add_argument("--quick", action="store_true", help="a smoke run: 2 experiments per target and generator")
    p.add_argument("--shard", metavar="K/N", help="only the K-th of N equal runs of consecutive seeds (K from 0)")
    p.add_argument("--replay", type=int, metavar="SEED", help="run the experiment with this seed, show its log")
    p.add_argument("--merge", nargs="+", type=Path, metavar="DIR", help="join shards' results into one report")
    p.add_argument("--output", type=Path, default=ROOT / "build" / "campaign")
    args = p.parse_args(argv)
    if args.quick:
        args.experiments = 2
    return args


def names_of(text, ours, more, what):
    """004, all, or names with commas: the targets or generators of a plan."""
    if text == "004":
        return ours
    if text == "all":
        return ours + more
    names = text.split(",")
    unknown = [n for n in names if n not in ours + more]
    if unknown:
        raise SystemExit(f"campaign: no {what} called {', '.join(unknown)} (there are: {', '.join(ours + more)})")
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
    for needed in (args.boot / "kernel", args.boot / "ramfs"):
        if not needed.exists():
            raise SystemExit(f"campaign: {needed}: missing (tools/arc build)")
    targets = names_of(args.targets, TARGETS_004, TARGETS_MORE, "target")
    generators = names_of(args.generators, GENERATORS_004, GENERATORS_MORE, "generator")
    if args.replay is not None:
        result, log = run_experiment(experiment_of(args.replay, targets, generators, args.faults, args.seed), args)
        print(log)
        print(json.dumps(result, indent=1))
        return 1 if result["outcome"] in FAILED_CAMPAIGN else 0
    plan = make_plan(targets, generators, args.experiments, args.faults, args.seed)
    if args.shard:
        plan = shard_of(plan, args.shard)
    results, logs, minutes = run_campaign(plan, args)
    meta = {"command": "tools/arc campaign " + " ".join(argv if argv is not None else sys.argv[1:]),
            "faults": args.faults, "jobs": args.jobs, "minutes": round(minutes, 2),
            "targets": targets, "generators": generators,
            "per_minute": len(results) / minutes if minutes else 0, "experiments": len(results)}
    markdown = write_reports(results, args.output, meta)
    (args.output / "logs").mkdir(exist_ok=True)
    for seed, log in logs.items():
        (args.output / "logs" / f"{seed}.txt").write_text(log)
    print(markdown)
    print(f"campaign: {len(results)} experiments in {minutes:.1f} min ({meta['per_minute']:.1f} per minute); "
          f"report in {args.output}/report.html")
    return 1 if any(r["outcome"] in FAILED_CAMPAIGN for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
