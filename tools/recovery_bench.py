#!/usr/bin/env python3
"""Turns the P3's `recovered` log lines of a `tools/arc bench` boot into BENCH
lines: for each temperature, the instructions from the fault to Recover()
(Initialize() for cold) and to the client's reply, and each step of the
restart (after the dissertation's table 4.2). The last line of each
temperature counts: the bench makes a first, unreported restart to page in
the P3's own restart code. Reads the boot's output on stdin.

With --per-server: for every server that restarted, the median instructions
from the fault to Recover() and to the reply, per temperature: a driver's
downtime per recovery (issue 6), the first restart of each left out as above."""
import re
import sys

LINE = re.compile(
    r"p3: (?P<name>\S+) \(pid \d+\): recovered \((?P<t>hot|warm|cold)\): (?:Recover|Initialize)\(\) after (?P<entry>\d+) "
    r"instructions, reply after (?P<reply>\d+) \[stop (?P<stop>\d+), initialize (?P<initialize>\d+), "
    r"unmap (?P<unmap>\d+), load (?P<load>\d+), start (?P<start>\d+)\]")


def per_server(lines):
    seen = {}
    for line in lines:
        if m := LINE.search(line):
            seen.setdefault((m["name"], m["t"]), []).append(m)
    if not seen:
        sys.exit("recovery_bench: no recovered line")
    for (name, t), found in sorted(seen.items()):
        later = found[1:] or found        # the first pages the P3's restart code in
        for key, what in (("entry", "fault_to_recover"), ("reply", "fault_to_reply")):
            values = sorted(int(m[key]) for m in later)
            print(f"BENCH downtime_{name}_{t}_{what}_median {values[len(values) // 2]} instructions "
                  f"({len(later)} restarts)")


def main():
    if sys.argv[1:] == ["--per-server"]:
        return per_server(sys.stdin)
    last = {}
    for line in sys.stdin:
        m = LINE.search(line)
        if m:
            last[m["t"]] = m
    missing = [t for t in ("hot", "warm", "cold") if t not in last]
    if missing:
        sys.exit(f"recovery_bench: no recovered line for {', '.join(missing)}")
    for t in ("hot", "warm", "cold"):
        m = last[t]
        entry = "initialize" if t == "cold" else "recover"
        print(f"BENCH restart_{t}_fault_to_{entry} {m['entry']} instructions")
        if t != "cold":        # a cold restart loses the request: no reply to time
            print(f"BENCH restart_{t}_fault_to_reply {m['reply']} instructions")
        steps = ", ".join(f"{k} {m[k]}" for k in ("stop", "initialize", "unmap", "load", "start"))
        print(f"BENCH restart_{t}_steps {steps}")


if __name__ == "__main__":
    main()
