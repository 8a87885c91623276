#!/usr/bin/env python3
"""System tests of the ram file system: boot the image with ART, wait for the shell, type
commands, and compare what the guest prints with the archive the image was built from.

    ramfs_system.py check   ram:ramfs-check prints a CRC-32 of every file it reads through
                            the ram server; each must equal the host's CRC-32 of the same
                            file in the archive, in the walk's order, then PASS
    ramfs_system.py ls-cat  `ls ram:/` lists every top-level entry of the archive, in
                            order; `cat` of a text file of the archive prints each of its
                            lines

The expectations are made here from ARCHIVE (build/target/sysroot/boot/ramfs, the file the
image's /boot/ramfs is a copy of), so they follow whatever the build put in it. The boot
itself is tools/qemu.py test; its verdict line and exit status are this script's.
"""

import argparse
import re
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import mkramfs  # noqa: E402  (the archive's format, parsed the way the tool writes it)

PROMPT = "^msh% $"
TEXT_FILES = ("startup", "policy")      # ART's configuration: small, printable, always there


def read_archive(path):
    """name -> (type, bytes) of every entry."""
    blob = path.read_bytes()
    return {name: (kind, blob[offset:offset + size])
            for name, kind, offset, size in mkramfs.parse(blob)}


def children(entries, folder):
    """The entries directly in `folder` ("" for the root) in the archive's (byte) order,
    which is the order the ram server lists them in."""
    prefix = folder + "/" if folder else ""
    return [name for name in sorted(entries, key=lambda n: n.encode())
            if name.startswith(prefix) and "/" not in name[len(prefix):]]


def walk(entries, folder=""):
    """ramfs-check's order: depth first, a folder's entries in name order."""
    for name in children(entries, folder):
        kind, data = entries[name]
        if kind == mkramfs.TYPE_DIRECTORY:
            yield from walk(entries, name)
        else:
            yield name, data


def wait_for_ram():
    """The shell prints its first prompt once the ram server has registered (it waits
    for the name), and clients looking up "ram" wait for it too (arc::fs::locate, the
    P3's loader): the first prompt is all there is to wait for."""
    return ["--expect", PROMPT]


def check_steps(entries):
    steps = ["--input", "ram:ramfs-check\\r"]
    files = list(walk(entries))
    for name, data in files:
        crc = zlib.crc32(data)
        steps += ["--expect", f"^ramfs-check: file {re.escape(name)} {len(data)} crc32 {crc:08x}$"]
    steps += ["--expect", f"^ramfs-check: PASS \\({len(files)} files\\)$", "--expect", PROMPT,
              "--reject", "ramfs-check: FAIL", "--reject", "ram:ramfs-check: (crashed|exited)"]
    return steps


def ls_cat_steps(entries):
    steps = ["--input", "ls ram:/\\r"]
    for name in children(entries, ""):
        kind, _ = entries[name]
        if kind == mkramfs.TYPE_DIRECTORY:
            steps += ["--expect", f"^{re.escape(name)}/ +dir *$"]
        else:
            steps += ["--expect", f"^{re.escape(name)} +file "]
    steps += ["--expect", PROMPT]
    text = next((n for n in TEXT_FILES if n in entries), None)
    if text is None:
        raise SystemExit(f"ramfs_system: the archive has none of {TEXT_FILES} to cat")
    steps += ["--input", f"cat ram:/{text}\\r"]
    for line in entries[text][1].decode("ascii").splitlines():
        if line.strip():                  # a blank line would match any blank line
            steps += ["--expect", f"^{re.escape(line)}$"]
    steps += ["--expect", PROMPT]
    return steps


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=("check", "ls-cat"))
    p.add_argument("--image", required=True)
    p.add_argument("--archive", type=Path, required=True)
    p.add_argument("--timeout", default="180")
    args = p.parse_args(argv)
    try:
        entries = read_archive(args.archive)
    except (OSError, mkramfs.RamfsError) as e:
        print(f"ramfs_system: {args.archive}: {e}", file=sys.stderr)
        return 2
    steps = check_steps(entries) if args.mode == "check" else ls_cat_steps(entries)
    command = [sys.executable, str(ROOT / "tools" / "qemu.py"), "test", "--image", args.image,
               "--root", "art", "--timeout", args.timeout, *wait_for_ram(), *steps,
               "--reject", "PANIC", "--until-done"]
    return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main())
