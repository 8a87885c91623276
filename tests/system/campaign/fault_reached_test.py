#!/usr/bin/env python3
"""Load-time injection, judged from the console: hello loads with 32 `panic`
faults (each instruction chosen becomes UD2); the P3 lists them, says which one
the program reached first, and the program then fails with an invalid opcode at
exactly that address, which must be one the listing named with "0f 0b" as its
new bytes. Without the plan, hello runs as usual.

  fault_reached_test.py -- QEMU.PY-TEST-ARGUMENTS...
"""
import re
import subprocess
import sys
from pathlib import Path

QEMU_PY = Path(__file__).resolve().parents[3] / "tools" / "qemu.py"
LISTED = re.compile(r"^p3: hello \(pid \d+\): fault (\d+) of 32 at 0x([0-9a-f]{8}): ([0-9a-f ]+) -> ([0-9a-f ]+)$")
REACHED = re.compile(r"^p3: hello \(pid \d+\): fault (\d+) reached at 0x([0-9a-f]{8})$")
CRASHED = re.compile(r"^p3: hello \(pid \d+\): invalid opcode \(vector 6\) at ip 0x([0-9a-f]{8});")


def main():
    args = sys.argv[1:]
    args = args[1:] if args[:1] == ["--"] else args
    run = subprocess.run([sys.executable, str(QEMU_PY), "test", *args], stdout=subprocess.PIPE, text=True,
                         errors="replace")
    sys.stdout.write(run.stdout)
    if run.returncode != 0:
        print("fault_reached_test: qemu.py test failed")
        return 1
    lines = run.stdout.splitlines()
    listed = {m.group(1): (m.group(2), m.group(4)) for l in lines if (m := LISTED.match(l))}
    reached = [m.groups() for l in lines if (m := REACHED.match(l))]
    crashed = [m.group(1) for l in lines if (m := CRASHED.match(l))]
    problems = []
    if len(listed) != 32:
        problems.append(f"{len(listed)} faults listed, not 32")
    if any(not after.startswith("0f 0b") for _, after in listed.values()):
        problems.append("a listed change is not UD2")
    if len(reached) != 1 or len(crashed) != 1:
        problems.append(f"{len(reached)} faults reached and {len(crashed)} invalid opcodes, not one each")
    else:
        number, address = reached[0]
        if listed.get(number, ("",))[0] != address:
            problems.append(f"fault {number} reached at {address}, which the listing does not give it")
        if crashed[0] != address:
            problems.append(f"the invalid opcode is at {crashed[0]}, not where fault {number} is ({address})")
    for p in problems:
        print(f"fault_reached_test: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
