#!/usr/bin/env python3
"""The wave player's sample sounds, made at build time with Python's wave module.

    make_samples.py DIR

DIR/chord.wav   a chord sweep: three notes gliding up an octave, 3 s, 16-bit stereo, 22050 Hz
DIR/test.wav    the tests' sound: 0.8 s of the same, 16-bit stereo, 22050 Hz (about 70 KB)
DIR/test8.wav   the tests' 8-bit sound: 0.5 s, 8-bit stereo, 22050 Hz
DIR/bad.wav     a broken file: a WAV header whose data chunk runs past the end
DIR/fast.wav    a sound the card cannot play: 48000 Hz
DIR/wide.wav    nor this one: 24-bit samples

Every sample is nonzero at both ends (the notes start at a phase where no channel is
silent) and no run of silence lies inside, so a capture's leading and trailing silence
can be cut away without cutting into the sound (tests/system/audio/compare_wav.py).
The output is the same bytes on every run.
"""

import math
import struct
import sys
import wave
from pathlib import Path

NOTES = (261.63, 329.63, 392.00)        # C4 E4 G4


def chord(frames, rate, channels, bits):
    """Frames of the sweep: each note glides up an octave over the sound; the right
    channel is the left one a little out of phase, so the two channels differ."""
    out = bytearray()
    peak = (1 << (min(bits, 16) - 1)) - 1
    for n in range(frames):
        t = n / rate
        glide = 2 ** (n / frames)             # one octave over the whole sound
        values = []
        for channel in range(channels):
            offset = 0.7 + 0.9 * channel      # phases where the sum is far from 0
            v = sum(math.sin(2 * math.pi * f * glide * t + offset + i) for i, f in enumerate(NOTES))
            v = v / len(NOTES) * 0.8
            sample = int(round(v * peak))
            # Never silent: silence marks the capture's ends. QEMU turns an 8-bit
            # sample v into (v - 127) << 8, so there -1 is a zero too.
            if sample == 0 or (bits == 8 and sample == -1):
                sample = 1
            values.append(sample)
        if bits == 16:
            out += struct.pack("<" + "h" * channels, *values)
        elif bits == 24:
            out += b"".join((v << 8).to_bytes(3, "little", signed=True) for v in values)
        else:
            out += bytes(s + 128 for s in values)
    return bytes(out)


def write(path, seconds, rate, channels, bits):
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(bits // 8)
        w.setframerate(rate)
        w.writeframes(chord(frames, rate, channels, bits))


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write(out / "chord.wav", 3.0, 22050, 2, 16)
    write(out / "test.wav", 0.8, 22050, 2, 16)
    write(out / "test8.wav", 0.5, 22050, 2, 8)
    good = (out / "test8.wav").read_bytes()
    # The data chunk says 1000 bytes more than the file holds.
    data = good.index(b"data")
    length = struct.unpack_from("<I", good, data + 4)[0]
    bad = bytearray(good)
    struct.pack_into("<I", bad, data + 4, length + 1000)
    (out / "bad.wav").write_bytes(bytes(bad))
    write(out / "fast.wav", 0.1, 48000, 2, 16)
    write(out / "wide.wav", 0.1, 22050, 2, 24)


if __name__ == "__main__":
    main()
