#!/usr/bin/env python3
"""Compare what QEMU's Sound Blaster 16 played (its wav backend's capture) with the WAV
file the guest was given to play.

    compare_wav.py CAPTURE INPUT [--copies N] [--expect-different]

Both are turned into 16-bit stereo frames (mono doubled; 8-bit samples as QEMU 7.2's
mixer turns them, measured: (v - 127) << 8, so the card's 8-bit silence 0x80 comes out
as 256, not 0). The capture is 16-bit stereo at the input's rate
(tools/qemu.py --audio-file fixes it at 22050 Hz, the tests' rate), so QEMU
resamples nothing and the comparison is exact.

What "no gap, no repeat" means here. The capture starts when the card starts and ends
when QEMU stops; before the first block and after the last the card plays silence (the
driver fills the buffer with silence at open, the player sends a block of silence after
the last one) or nothing at all. QEMU's wav backend writes only what the card's DMA
delivers, paced by the virtual clock: when the DMA runs, every byte of the buffer is
written, in order, and a half the player failed to refill in time is written again
(a repeat) rather than left out. Nothing writes silence into the middle of the stream
while the DMA runs. So the judgement is: cut the silent frames at both ends of the
capture; what remains must be the input's frames exactly (N times, one after the other,
for N plays): a late refill shows as a repeated or stale half, a lost one as a missing
half, a late start as a shifted stream. The sample sounds have no silent frame at
either end or inside (applications/wavplay/make_samples.py), so the cut never eats
into them.

Exit status 0 when the judgement holds (or, with --expect-different, when it fails:
the test of a broken driver), 1 otherwise; a line says why.
"""

import argparse
import sys
import wave


def frames(path):
    """The file's frames as (left, right) 16-bit values, its rate, and its silence."""
    with wave.open(str(path), "rb") as w:
        channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        raw = w.readframes(w.getnframes())
    if width == 2:
        values = [int.from_bytes(raw[i:i + 2], "little", signed=True) for i in range(0, len(raw), 2)]
    elif width == 1:
        values = [(b - 127) << 8 for b in raw]
    else:
        raise SystemExit(f"{path}: {8 * width}-bit samples: not a sound the card plays")
    silence = (0, 0) if width == 2 else (1 << 8, 1 << 8)
    if channels == 1:
        return [(v, v) for v in values], rate, silence
    if channels != 2:
        raise SystemExit(f"{path}: {channels} channels")
    return list(zip(values[0::2], values[1::2])), rate, silence


def trimmed(sound, silent):
    """Without the silent frames at either end."""
    first = next((i for i, f in enumerate(sound) if f != silent), len(sound))
    last = next((i for i in range(len(sound) - 1, -1, -1) if sound[i] != silent), -1)
    return sound[first:last + 1]


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def judge(capture, expected, rate):
    """None if capture == expected, else a sentence saying where they part."""
    if capture == expected:
        return None
    at = first_difference(capture, expected)
    ms = 1000 * at / rate
    return (f"the capture has {len(capture)} frames between its silences, the input {len(expected)}; "
            f"they differ from frame {at} ({ms:.1f} ms) on")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("capture")
    p.add_argument("input")
    p.add_argument("--copies", type=int, default=1, help="the input played this many times in a row")
    p.add_argument("--expect-different", action="store_true",
                   help="pass when the capture is NOT the input (a test that must see damage)")
    args = p.parse_args()
    captured, capture_rate, _ = frames(args.capture)
    sound, rate, silence = frames(args.input)
    if capture_rate != rate:
        print(f"compare_wav: captured at {capture_rate} Hz, the input is {rate} Hz: not comparable")
        return 1
    # The card plays the input's silence before and after it; QEMU may add its own zeros.
    capture = trimmed(trimmed(captured, (0, 0)), silence)
    expected = trimmed(sound, silence) * args.copies
    problem = judge(capture, expected, rate)
    if problem is None:
        print(f"compare_wav: the capture is the input exactly: {len(expected)} frames "
              f"({1000 * len(expected) / rate:.0f} ms), no gap, no repeat")
        return 1 if args.expect_different else 0
    print(f"compare_wav: {problem}")
    return 0 if args.expect_different else 1


if __name__ == "__main__":
    sys.exit(main())
