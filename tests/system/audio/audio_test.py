#!/usr/bin/env python3
"""A system test of the Sound Blaster 16 drivers: judge what QEMU's card played.

    audio_test.py --sound PATH [--copies N | --abandoned FIRST:BLOCKS] -- QEMU.PY-TEST-ARGUMENTS...

Runs `qemu.py test` with the arguments given and the card's output captured into a
WAV file in a temporary directory (qemu.py --audio-file), then judges the capture with
compare_wav.py: it must be N plays of the WAV file PATH (what the guest was told to
play), exactly, with nothing lost, repeated or inserted (compare_wav.py says why that
is the right judgement for QEMU's card). With --copies 0 nothing may have been played.
With --abandoned, a player of FIRST ended without closing the card before block BLOCKS:
the capture must be FIRST's first BLOCKS blocks, at most two halves the card played
before the driver noticed, then PATH (compare_wav.judge_abandoned).

Exit status 0 only if qemu.py passed and the capture is as asked.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
QEMU_PY = ROOT / "tools" / "qemu.py"
sys.path.insert(0, str(HERE))
import compare_wav  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sound", type=Path, required=True)
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--abandoned", metavar="FIRST:BLOCKS")
    p.add_argument("test_args", nargs=argparse.REMAINDER)
    args = p.parse_args()
    test_args = args.test_args[1:] if args.test_args[:1] == ["--"] else args.test_args
    with tempfile.TemporaryDirectory(prefix="arc-audio-") as tmp:
        capture = Path(tmp) / "capture.wav"
        status = subprocess.call([sys.executable, str(QEMU_PY), "test", *test_args, "--audio-file", str(capture)])
        if status != 0:
            print(f"audio_test: qemu.py test failed (exit {status})")
            return 1
        if not capture.exists():
            print("audio_test: QEMU wrote no capture")
            return 1
        if args.abandoned:
            first, _, blocks = args.abandoned.rpartition(":")
            problem = compare_wav.judge_abandoned(capture, Path(first), int(blocks), args.sound)
            print(f"audio_test: {problem or 'the abandoned sound was cut short and the next one played exactly'}")
            return 1 if problem else 0
        if args.copies == 0:
            played, _, _ = compare_wav.frames(capture)
            loud = [f for f in played if f != (0, 0)]
            if loud:
                print(f"audio_test: {len(loud)} frames were played, none should have been")
                return 1
            print("audio_test: nothing was played, as expected")
            return 0
        problem = compare_wav.judge(capture, args.sound, args.copies)
        print(f"audio_test: {problem or compare_wav.describe_pass(args.sound, args.copies)}")
        return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main())
