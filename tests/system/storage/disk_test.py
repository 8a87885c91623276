#!/usr/bin/env python3
"""A system test with a second disk: judge what the guest did to it from the host.

    disk_test.py --sectors N [--disk-number 2] -- QEMU.PY-TEST-ARGUMENTS...

Makes a disk of N sectors in a temporary directory, every sector filled with bytes
that depend on its number, attaches it as Arc's disk (tools/qemu.py --disk), runs
`qemu.py test` with the arguments given, and then checks the disk on the host:

  - every `blockcheck: ... sectors A..B: fnv1a H` line the guest printed: the FNV-1a
    checksum of sectors A..B of the disk file must be H (the guest's own view of what
    it left there);
  - every sector outside those ranges still holds its original bytes: the driver
    wrote nowhere else.

Exit status 0 only if qemu.py passed and the disk agrees.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
QEMU_PY = ROOT / "tools" / "qemu.py"
SECTOR = 512
CHECKSUM_LINE = re.compile(r"^blockcheck: .* sectors (\d+)\.\.(\d+): fnv1a ([0-9a-f]{8})\s*$")


def original_sector(number):
    return bytes((number * 7 + i * 13 + (number >> 8)) & 0xFF for i in range(SECTOR))


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sectors", type=int, required=True)
    p.add_argument("--disk-number", type=int, default=2, choices=[1, 2, 3])
    p.add_argument("test_args", nargs=argparse.REMAINDER)
    args = p.parse_args()
    test_args = args.test_args[1:] if args.test_args[:1] == ["--"] else args.test_args

    with tempfile.TemporaryDirectory(prefix="arc-disk-") as work:
        disk = Path(work) / "disk.img"
        disk.write_bytes(b"".join(original_sector(n) for n in range(args.sectors)))
        run = subprocess.run([sys.executable, str(QEMU_PY), "test", *test_args,
                              "--disk", f"{args.disk_number}={disk}"],
                             stdout=subprocess.PIPE, text=True, errors="replace")
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            print(f"disk_test: qemu.py test failed ({run.returncode})")
            return 1
        data = disk.read_bytes()
        checked = set()
        problems = []
        for line in run.stdout.splitlines():
            m = CHECKSUM_LINE.match(line)
            if not m:
                continue
            first, last, want = int(m.group(1)), int(m.group(2)), int(m.group(3), 16)
            got = fnv1a(data[first * SECTOR:(last + 1) * SECTOR])
            if got != want:
                problems.append(f"sectors {first}..{last}: fnv1a {got:08x} on the disk, "
                                f"{want:08x} in the guest")
            checked.update(range(first, last + 1))
        if not checked:
            problems.append("the guest printed no blockcheck checksum")
        touched = [n for n in range(args.sectors)
                   if n not in checked and data[n * SECTOR:(n + 1) * SECTOR] != original_sector(n)]
        if touched:
            problems.append(f"{len(touched)} sectors outside the checked ranges changed, "
                            f"the first {touched[0]}")
        for problem in problems:
            print(f"disk_test: {problem}")
        if problems:
            return 1
        print(f"disk_test: the disk agrees ({len(checked)} sectors checked, the rest untouched)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
