#!/usr/bin/env python3
"""Turns the P3's `recovered` log lines of a `tools/arc bench` boot into BENCH
lines: for each temperature, the instructions from the fault to Recover()
(Initialize() for cold) and to the client's reply, and each step of the
restart (after the dissertation's table 4.2). The last line of each
temperature counts: the bench makes a first, unreported restart to page in
the P3's own restart code. Reads the boot's output on stdin.

With --per-server: for every server that restarted, the median instructions
from the fault to Recover() and to the reply, per temperature: a driver's
downtime per recovery (issue 6), the first restart of each left out as above.
With --deadline N (instructions) as well: how much of N the median fault to
reply leaves (the sound driver's margin: N is the time one half of its DMA
buffer plays, 004 section 5.1.4)."""
import re
import sys

LINE = re.compile(
    r"p3: (?P<name>\S+) \(pid \d+\): recovered \((?P<t>hot|warm|cold)\): (?:Recover|Initialize)\(\) after (?P<entry>\d+) "
    r"instructions, reply after (?P<reply>\d+) \[stop (?P<stop>\d+), initialize (?P<initialize>\d+), "
    r"unmap (?P<unmap>\d+), load (?P<load>\d+), start (?P<start>\d+)\]")


def per_server(lines, deadline=None):
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
            median = values[len(values) // 2]
            print(f"BENCH downtime_{name}_{t}_{what}_median {median} instructions "
                  f"({len(later)} restarts)")
            if deadline and key == "reply":
                print(f"BENCH deadline_margin_{name}_{t} {deadline - median} instructions "
                      f"(the restart takes {100 * median / deadline:.2f}% of {deadline})")


def main():
    if sys.argv[1:2] == ["--per-server"]:
        deadline = int(sys.argv[3]) if sys.argv[2:3] == ["--deadline"] else None
        return per_server(sys.stdin, deadline)
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
