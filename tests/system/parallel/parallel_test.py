#!/usr/bin/env python3
"""A system test of the parallel port: judge the bytes QEMU captured from the host.

    parallel_test.py --text PATH [--copies N] (--exact | --duplicates) -- QEMU.PY-TEST-ARGUMENTS...

Runs `qemu.py test` with the arguments given and the printer port captured into a file
in a temporary directory (qemu.py --parallel-file), then compares the capture with N
copies of the file PATH (what the guest was told to print):

  --exact       the capture must be exactly the text: no byte lost, none twice (the
                recovery-friendly driver, however often it failed);
  --duplicates  the capture must differ from the text and be longer, and hold the text
                in order with bytes only added (the naive driver: a replayed request
                starts over and prints its first bytes again, 004 section 5.1.2).

Exit status 0 only if qemu.py passed and the capture is as asked.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
QEMU_PY = ROOT / "tools" / "qemu.py"


def is_subsequence(short, long):
    """True if `short` can be read out of `long` in order by leaving bytes out."""
    at = 0
    for b in long:
        if at < len(short) and b == short[at]:
            at += 1
    return at == len(short)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def judge_exact(captured, expected):
    if captured == expected:
        return []
    at = first_difference(captured, expected)
    return [f"the capture ({len(captured)} bytes) is not the text ({len(expected)} bytes): "
            f"first difference at byte {at}: captured {captured[at:at + 24]!r}, "
            f"expected {expected[at:at + 24]!r}"]


def judge_duplicates(captured, expected):
    problems = []
    if captured == expected:
        problems.append("the capture is exactly the text: no byte was printed twice")
    elif len(captured) <= len(expected):
        problems.append(f"the capture ({len(captured)} bytes) is not longer than the text "
                        f"({len(expected)} bytes)")
    elif not is_subsequence(expected, captured):
        problems.append("the capture does not hold the text in order: bytes were lost, "
                        "not only repeated")
    return problems


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--text", type=Path, required=True)
    p.add_argument("--copies", type=int, default=1)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--exact", action="store_true")
    mode.add_argument("--duplicates", action="store_true")
    p.add_argument("test_args", nargs=argparse.REMAINDER)
    args = p.parse_args()
    test_args = args.test_args[1:] if args.test_args[:1] == ["--"] else args.test_args
    expected = args.text.read_bytes() * args.copies
    if not expected:
        print(f"parallel_test: {args.text} is empty: nothing to judge")
        return 1

    with tempfile.TemporaryDirectory(prefix="arc-lpt-") as work:
        capture = Path(work) / "lpt.bin"
        run = subprocess.run([sys.executable, str(QEMU_PY), "test", *test_args,
                              "--parallel-file", str(capture)],
                             stdout=subprocess.PIPE, text=True, errors="replace")
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            print(f"parallel_test: qemu.py test failed ({run.returncode})")
            return 1
        captured = capture.read_bytes() if capture.exists() else b""

    judge = judge_exact if args.exact else judge_duplicates
    problems = judge(captured, expected)
    for problem in problems:
        print(f"parallel_test: {problem}")
    if problems:
        return 1
    extra = len(captured) - len(expected)
    print(f"parallel_test: {len(captured)} bytes captured for a text of {len(expected)}: "
          + ("exactly the text" if args.exact else f"the text with {extra} bytes printed twice"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
