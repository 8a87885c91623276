#!/usr/bin/env python3
"""fault-inject (install-time injection) on the build's pata driver: for every
generator the copy differs from the original only inside the instructions
the listing names, the listing's "before" bytes are the original's there and
its "after" bytes the copy's, the same seed writes the same copy, and bad
arguments are refused with a message.

  inject_tool_test.py FAULT_INJECT PROGRAM
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CHANGE = re.compile(r"^0x([0-9a-f]{8})  ([0-9a-f ]+)  ->  ([0-9a-f ]+)$")


def text_offset(program):
    """address - file offset of the .text section (readelf -S)."""
    out = subprocess.run(["readelf", "-SW", str(program)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        words = line.replace("[ ", "[").split()
        if len(words) > 4 and words[1] == ".text":
            return int(words[3], 16) - int(words[4], 16)
    raise SystemExit(f"{program}: no .text")


def main():
    tool, program = sys.argv[1], Path(sys.argv[2])
    original = program.read_bytes()
    delta = text_offset(program)
    failures = []
    generators = [line.split()[0] for line in
                  subprocess.run([tool, "--generators"], capture_output=True, text=True, check=True).stdout.splitlines()]
    if len(generators) < 9:
        failures.append(f"only {len(generators)} generators")
    with tempfile.TemporaryDirectory() as work:
        for g in generators:
            out_a, out_b = Path(work) / f"{g}.a", Path(work) / f"{g}.b"
            listing = subprocess.run([tool, g, "4", "7", str(program), str(out_a)], capture_output=True, text=True)
            subprocess.run([tool, g, "4", "7", str(program), str(out_b)], capture_output=True, check=True)
            if listing.returncode != 0:
                failures.append(f"{g}: exit {listing.returncode}: {listing.stderr.strip()}")
                continue
            changed = out_a.read_bytes()
            if changed != out_b.read_bytes():
                failures.append(f"{g}: the same seed wrote two different copies")
            inside = set()
            changes = [CHANGE.match(l) for l in listing.stdout.splitlines() if CHANGE.match(l)]
            if len(changes) != 4:
                failures.append(f"{g}: {len(changes)} changes listed, not 4")
            for m in changes:
                offset = int(m.group(1), 16) - delta
                before, after = bytes.fromhex(m.group(2)), bytes.fromhex(m.group(3))
                if original[offset:offset + len(before)] != before or changed[offset:offset + len(after)] != after:
                    failures.append(f"{g}: change at {m.group(1)} is not what the files hold")
                inside.update(range(offset, offset + len(before)))
            outside = [k for k in range(len(original)) if original[k] != changed[k] and k not in inside]
            if outside:
                failures.append(f"{g}: {len(outside)} bytes changed outside the listed instructions")
        for args, message in ((["nonsense", "1", "1"], "no generator called 'nonsense'"),
                              (["nop", "0", "1"], "COUNT must be"),
                              (["nop", "1", "x"], "SEED must be a number")):
            done = subprocess.run([tool, *args, str(program), str(Path(work) / "x")], capture_output=True, text=True)
            if done.returncode == 0 or message not in done.stderr:
                failures.append(f"{args}: not refused with '{message}': {done.stderr.strip()}")
        done = subprocess.run([tool, "nop", "1", "1", tool + ".nonexistent", str(Path(work) / "x")],
                              capture_output=True, text=True)
        if done.returncode == 0 or "cannot read it" not in done.stderr:
            failures.append("a missing input is not refused")
    for f in failures:
        print(f)
    print(f"inject_tool_test: {len(generators)} generators, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
