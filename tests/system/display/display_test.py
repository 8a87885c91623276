#!/usr/bin/env python3
"""A system test of the display: judge QEMU's screendump on the host.

    display_test.py --frame-tool PATH -- QEMU.PY-TEST-ARGUMENTS...

Runs `qemu.py test` with the arguments given and --screendump into a temporary file,
finds the graphics demo's last line

    gfxdemo: frame F of N shown on page P, WxHxB, checksum 0xC, K faults injected

and has frame-tool (tools/frame: the demo's own drawing code, built for the host) draw frame F. The
checksum the demo computed over the page in video memory must be the host's, and every
pixel of the screendump must be what the screen shows for that frame (16-bit modes: the
top 5:6:5 bits of each channel; QEMU fills the rest in its own way).

Exit status 0 only if qemu.py passed and both agree.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
QEMU_PY = ROOT / "tools" / "qemu.py"
DEMO_LINE = re.compile(r"gfxdemo: frame (\d+) of (\d+) shown on page (\d+), (\d+)x(\d+)x(\d+), "
                       r"checksum (0x[0-9a-f]{8})")
CHANNEL_MASKS = {16: (0xF8, 0xFC, 0xF8)}
SHOW_DIFFERENCES = 5


def read_ppm(path):
    """(width, height, bytes of RGB triples) of a binary PPM (P6, maxval 255)."""
    data = path.read_bytes()
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        if data[at:at + 1] == b"#":
            at = data.index(b"\n", at) + 1
            continue
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P6" or maxval != 255:
        raise ValueError(f"{path}: not a P6 PPM with maxval 255")
    pixels = data[at + 1:at + 1 + width * height * 3]
    if len(pixels) != width * height * 3:
        raise ValueError(f"{path}: {len(pixels)} bytes of pixels for {width}x{height}")
    return width, height, pixels


def compare(screen, expected, bpp):
    """Problems found comparing the screendump with the expected picture."""
    sw, sh, spix = screen
    ew, eh, epix = expected
    if (sw, sh) != (ew, eh):
        return [f"the screen is {sw}x{sh}, the demo's mode {ew}x{eh}"]
    masks = CHANNEL_MASKS.get(bpp, (0xFF, 0xFF, 0xFF))
    mask = bytes(masks) * (sw * sh)
    if bpp in CHANNEL_MASKS:
        spix = bytes(a & b for a, b in zip(spix, mask))
        epix = bytes(a & b for a, b in zip(epix, mask))
    if spix == epix:
        return []
    wrong = [i // 3 for i in range(0, len(spix), 3) if spix[i:i + 3] != epix[i:i + 3]]
    problems = [f"{len(wrong)} of {sw * sh} pixels differ from the frame the demo says it drew"]
    for p in wrong[:SHOW_DIFFERENCES]:
        x, y = p % sw, p // sw
        problems.append(f"  pixel ({x}, {y}): screen {tuple(spix[3 * p:3 * p + 3])}, "
                        f"expected {tuple(epix[3 * p:3 * p + 3])}")
    return problems


def judge_screen(output, shot, frame_tool):
    """(problems, summary): the screendump SHOT against the demo's last frame line in
    OUTPUT, drawn again by FRAME_TOOL. The campaign judges its draw workload with it."""
    lines = DEMO_LINE.findall(output)
    if not lines:
        return ["the demo never said which frame it drew"], ""
    frame, frames, page, width, height, bpp, checksum = lines[-1]
    if not shot.exists():
        return ["QEMU took no screendump"], ""
    expected = shot.with_name(shot.stem + "-expected.ppm")
    tool = subprocess.run([str(frame_tool), width, height, bpp, frame, str(expected)],
                          stdout=subprocess.PIPE, text=True)
    if tool.returncode != 0:
        return [f"frame-tool failed ({tool.returncode})"], ""
    host_checksum = tool.stdout.split()[-1]
    problems = []
    if host_checksum != checksum:
        problems.append(f"the demo's checksum of frame {frame} is {checksum}, the host's "
                        f"{host_checksum}: the page in video memory is not the frame")
    problems += compare(read_ppm(shot), read_ppm(expected), int(bpp))
    return problems, (f"the screen shows frame {frame} of {frames} ({width}x{height}x{bpp}, "
                      f"page {page}) exactly; checksum {checksum} as on the host")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--frame-tool", type=Path, required=True)
    p.add_argument("test_args", nargs=argparse.REMAINDER)
    args = p.parse_args()
    test_args = args.test_args[1:] if args.test_args[:1] == ["--"] else args.test_args
    # QEMU's own flags come last, after a second "--": ours go before them.
    qemu_flags = test_args[test_args.index("--"):] if "--" in test_args else []
    test_args = test_args[:len(test_args) - len(qemu_flags)]

    with tempfile.TemporaryDirectory(prefix="arc-display-") as work:
        shot = Path(work) / "screen.ppm"
        run = subprocess.run([sys.executable, str(QEMU_PY), "test", *test_args,
                              "--screendump", str(shot), *qemu_flags],
                             stdout=subprocess.PIPE, text=True, errors="replace")
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            print(f"display_test: qemu.py test failed ({run.returncode})")
            return 1
        problems, summary = judge_screen(run.stdout, shot, args.frame_tool)
    for problem in problems:
        print(f"display_test: {problem}")
    if problems:
        return 1
    print(f"display_test: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
