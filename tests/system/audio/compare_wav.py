#!/usr/bin/env python3
"""Compare what QEMU's Sound Blaster 16 played (its wav backend's capture) with the WAV
file the guest was given to play.

    compare_wav.py CAPTURE INPUT [--copies N]

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
capture; what remains must be the input's frames exactly. After N plays in one boot
the capture holds N sounds with silence between them: it is cut at every silent
frame, and must be N pieces, each the input exactly. A late refill shows as a
repeated or stale half, a lost one as a missing half, a half of silence played in
the middle as one piece too many. The sample sounds have no silent frame anywhere
(applications/wavplay/make_samples.py), so the cuts never fall inside them.

Exit status 0 when the judgement holds, 1 otherwise; a line says why.
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


def pieces(sound, silences):
    """The runs of frames between silent ones (any of `silences`)."""
    runs, run = [], []
    for f in sound:
        if f in silences:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(f)
    if run:
        runs.append(run)
    return runs


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def judge(capture_path, input_path, copies=1):
    """None if the capture is `copies` plays of the input exactly, else why not."""
    captured, capture_rate, _ = frames(capture_path)
    sound, rate, silence = frames(input_path)
    if capture_rate != rate:
        return f"captured at {capture_rate} Hz, the input is {rate} Hz: not comparable"
    # The card plays the input's silence around it; QEMU may add its own zeros.
    silences = {silence, (0, 0)}
    expected = pieces(sound, silences)
    if len(expected) != 1:
        return f"{input_path} has silence inside: it cannot be judged"
    expected = expected[0]
    played = pieces(captured, silences)
    lengths = ", ".join(str(len(p)) for p in played[:8]) + (" ..." if len(played) > 8 else "")
    if len(played) != copies:
        return (f"the capture holds {len(played)} sounds between silences ({lengths} frames), "
                f"expected {copies} of {len(expected)} frames")
    for n, piece in enumerate(played):
        if piece != expected:
            at = first_difference(piece, expected)
            return (f"sound {n + 1} of the capture has {len(piece)} frames, the input {len(expected)}; "
                    f"they differ from frame {at} ({1000 * at / rate:.1f} ms) on")
    return None


HALF_BYTES = 4096                   # one half of the driver's DMA buffer (protocol/audio.h)


def judge_abandoned(capture_path, first_path, blocks, input_path):
    """None if the capture is the first `blocks` blocks of `first_path` (whose player
    ended without closing), at most two halves of what the card still had in its
    buffer (it plays on until the driver's next interrupt finds the owner gone), then
    the input exactly; else why not."""
    captured, _, _ = frames(capture_path)
    first, _, _ = frames(first_path)
    with wave.open(str(first_path), "rb") as w:
        frames_per_block = HALF_BYTES // (w.getnchannels() * w.getsampwidth())
    sound, _, silence = frames(input_path)
    (sound,) = pieces(sound, {silence, (0, 0)})
    start = pieces(captured, {silence, (0, 0)})
    if not start:
        return "nothing was played"
    joined = [f for piece in start for f in piece]
    head = first[:blocks * frames_per_block]
    if joined[:len(head)] != head:
        return f"the capture does not begin with the first {blocks} blocks of {first_path}"
    if joined[-len(sound):] != sound:
        return f"the capture does not end with {input_path}"
    between = len(joined) - len(head) - len(sound)
    if between < 0 or between > 2 * frames_per_block:
        return f"{between} frames lie between the abandoned sound and the next: more than two halves"
    return None


def describe_pass(input_path, copies):
    sound, rate, silence = frames(input_path)
    n = len(pieces(sound, {silence, (0, 0)})[0])
    return (f"the capture is the input exactly{f', {copies} times' if copies > 1 else ''}: "
            f"{n} frames ({1000 * n / rate:.0f} ms), no gap, no repeat")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("capture")
    p.add_argument("input")
    p.add_argument("--copies", type=int, default=1, help="the input was played this many times")
    args = p.parse_args()
    problem = judge(args.capture, args.input, args.copies)
    print(f"compare_wav: {problem or describe_pass(args.input, args.copies)}")
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main())
