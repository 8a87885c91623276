#!/usr/bin/env python3
"""A system test with an ext2 disk: judge what the guest wrote from the host.

    ext2_test.py [--block-size B] [--file PATH=TEXT]... [--absent PATH]...
                 -- QEMU.PY-TEST-ARGUMENTS...

Makes an ext2 image with the host's mke2fs -d from a small tree (/docs/readme.txt,
/tmp, /data/pattern.bin), attaches it as Arc's disk 2 (secondary master), runs
`qemu.py test` with the arguments given, and then checks the image with the host's
own tools:

  - e2fsck -fn finds nothing to fix;
  - every --file PATH=TEXT holds exactly TEXT (backslash escapes as in Python;
    "@/data/pattern.bin": the bytes that file of the tree held);
  - every --absent PATH is not there;
  - every `fscheck: FS:/path size N fnv1a H` line the guest printed: the file at
    /path is N bytes long and its FNV-1a checksum is H;
  - the files of the tree the guest was not told to touch are unchanged.

Exit status 0 only if qemu.py passed and the image agrees.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
QEMU_PY = ROOT / "tools" / "qemu.py"
FSCHECK_LINE = re.compile(r"^fscheck: [a-z0-9]+:(/\S*) size (\d+) fnv1a ([0-9a-f]{8})\s*$")
SBIN = ["/sbin", "/usr/sbin"]


def tool(name):
    for d in SBIN:
        if Path(d, name).exists():
            return str(Path(d, name))
    return name


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def pattern(size):
    return bytes((i * 7 + (i >> 9)) & 0xFF for i in range(size))


TREE = {
    "docs/readme.txt": b"A file the host wrote.\n",
    "data/pattern.bin": pattern(100 * 1024 + 3),
}


def make_image(work, block_size):
    tree = work / "tree"
    for path, data in TREE.items():
        (tree / path).parent.mkdir(parents=True, exist_ok=True)
        (tree / path).write_bytes(data)
    (tree / "tmp").mkdir()
    image = work / "disk.img"
    subprocess.run([tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", str(block_size), "-d", str(tree),
                    str(image), "16M"], check=True)
    return image


def read_file(image, path, work):
    """The file's bytes as debugfs reads them, or None if it is not there."""
    out = work / "dumped"
    out.unlink(missing_ok=True)
    subprocess.run([tool("debugfs"), "-R", f"dump -p {path} {out}", str(image)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out.read_bytes() if out.exists() else None


def exists(image, path):
    run = subprocess.run([tool("debugfs"), "-R", f"stat {path}", str(image)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return "File not found" not in run.stdout


def judge(image, output, args, work):
    problems = []
    fsck = subprocess.run([tool("e2fsck"), "-fn", str(image)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if fsck.returncode != 0:
        problems.append(f"e2fsck -fn exits {fsck.returncode}:\n{fsck.stdout}")
    touched = set()
    for spec in args.file:
        path, _, text = spec.partition("=")
        if text.startswith("@"):
            want = TREE[text[2:]]
        else:
            want = text.encode().decode("unicode_escape").encode("latin-1")
        got = read_file(image, path, work)
        touched.add(path)
        if got != want:
            problems.append(f"{path}: holds {got!r}, not {want!r}")
    for path in args.absent:
        touched.add(path)
        if exists(image, path):
            problems.append(f"{path}: still there")
    checked = 0
    for line in output.splitlines():
        m = FSCHECK_LINE.match(line)
        if not m:
            continue
        path, size, want = m.group(1), int(m.group(2)), int(m.group(3), 16)
        got = read_file(image, path, work)
        checked += 1
        if got is None:
            problems.append(f"{path}: not on the disk")
        elif len(got) != size or fnv1a(got) != want:
            problems.append(f"{path}: {len(got)} bytes, fnv1a {fnv1a(got):08x} on the disk; "
                            f"{size} bytes, fnv1a {want:08x} in the guest")
    if args.fscheck and checked == 0:
        problems.append("the guest printed no fscheck line")
    for path, data in TREE.items():
        if "/" + path not in touched and read_file(image, "/" + path, work) != data:
            problems.append(f"/{path}: changed, though nothing was to change it")
    return problems


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--block-size", type=int, default=1024, choices=[1024, 2048, 4096])
    p.add_argument("--file", action="append", default=[], metavar="PATH=TEXT")
    p.add_argument("--absent", action="append", default=[], metavar="PATH")
    p.add_argument("--fscheck", action="store_true", help="require fscheck lines")
    p.add_argument("test_args", nargs=argparse.REMAINDER)
    args = p.parse_args()
    test_args = args.test_args[1:] if args.test_args[:1] == ["--"] else args.test_args

    with tempfile.TemporaryDirectory(prefix="arc-ext2-") as tmp:
        work = Path(tmp)
        image = make_image(work, args.block_size)
        run = subprocess.run([sys.executable, str(QEMU_PY), "test", *test_args, "--disk", f"2={image}"],
                             stdout=subprocess.PIPE, text=True, errors="replace")
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            print(f"ext2_test: qemu.py test failed ({run.returncode})")
            return 1
        problems = judge(image, run.stdout, args, work)
        for problem in problems:
            print(f"ext2_test: {problem}")
        if problems:
            return 1
        print("ext2_test: the image is consistent and holds what the guest wrote")
        return 0


if __name__ == "__main__":
    sys.exit(main())
