#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_ramfs: small archives made by tools/mkramfs.py (flat,
with folders, empty) and a few broken ones. Run it again after a format change:

    tests/fuzz/ramfs/make_corpus.py
"""

import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MKRAMFS = HERE.parents[2] / "tools" / "mkramfs.py"
CORPUS = HERE / "corpus"

TREES = {
    "flat": {"hello": b"hello\n", "empty": b"", "policy": b"ram module ramfs\n"},
    "folders": {"a/b/c": b"deep", "a/x": b"x" * 40, "bin/tool": b"\x7fELF", "top": b"t"},
    "empty": {},
}


def build(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tree"
        root.mkdir()
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, str(MKRAMFS), "--output", str(out), "--tree", str(root)],
                       check=True)
        return out.read_bytes()


def main():
    CORPUS.mkdir(exist_ok=True)
    seeds = {f"valid_{name}.ramfs": build(files) for name, files in TREES.items()}
    flat = bytearray(seeds["valid_flat.ramfs"])
    bad = {
        "bad_truncated.ramfs": bytes(flat[:-1]),
        "bad_unsorted.ramfs": bytes(flat[:32] + flat[112:192] + flat[32:112] + flat[192:]),
        "bad_outside.ramfs": bytes(flat[:32 + 80 + 72] + struct.pack("<I", 0x10000) + flat[32 + 80 + 76:]),
    }
    for name, data in {**seeds, **bad}.items():
        (CORPUS / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
