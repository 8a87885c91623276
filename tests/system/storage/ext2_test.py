#!/usr/bin/env python3
"""A system test with an ext2 disk: judge what the guest wrote from the host.

    ext2_test.py [--block-size B] [--revision R] [--rich] [--damage DEBUGFS-CMD]... [--file PATH=TEXT]...
                 [--absent PATH]... [--fscheck] [--fssum] -- QEMU.PY-TEST-ARGUMENTS...

Makes an ext2 image with the host's mke2fs -d from a small tree (/docs/readme.txt,
/tmp, /data/pattern.bin; --rich adds a deep tree, a large and a sparse file, a
folder of many entries, an empty file and symlinks), attaches it as Arc's disk 2
(secondary master), runs `qemu.py test` with the arguments given, and then checks
what the guest saw and left with the host's own tools:

  - e2fsck -fn finds nothing to fix; with --damage instead: the image is byte
    for byte what the damage left (the guest, refusing what is broken, wrote
    nothing);
  - every --file PATH=TEXT holds exactly TEXT (backslash escapes as in Python;
    "@/data/pattern.bin": the bytes that file of the tree held);
  - every --absent PATH is not there;
  - every `fscheck: FS:/path size N fnv1a H` line the guest printed: the file at
    /path is N bytes long and its FNV-1a checksum is H;
  - the files of the tree the guest was not told to touch are unchanged;
  - with --fssum: the guest's `fssum: /path size N fnv1a H` lines (and `dir`,
    `link` lines) name exactly the tree's files, folders and symlinks, with the
    right sizes and checksums: the guest read the host's tree byte-exact.

Exit status 0 only if qemu.py passed and the image agrees.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
QEMU_PY = ROOT / "tools" / "qemu.py"
sys.path.insert(0, str(ROOT / "tools"))
from ext2_host import exists, fnv1a, fsck, fscheck_mismatches, read_file, tool  # noqa: E402


def pattern(size):
    return bytes((i * 7 + (i >> 9)) & 0xFF for i in range(size))


TREE = {
    "docs/readme.txt": b"A file the host wrote.\n",
    "data/pattern.bin": pattern(100 * 1024 + 3),
}


def rich_tree():
    """Files for --rich: what reading an ext2 volume must get right."""
    files = {}
    deep = "/".join(f"level{i}" for i in range(12))
    files[f"deep/{deep}/bottom.txt"] = b"at the bottom\n"
    files["big/large.bin"] = pattern(3 * 1024 * 1024 + 777)      # double indirect blocks with 1 KiB
    files["many/empty"] = b""
    for i in range(150):                                          # entries over several blocks
        files[f"many/entry_with_a_longish_name_{i:03}"] = f"{i}\n".encode()
    return files


SPARSE = ("big/sparse.bin", 9 * 1024 * 1024, {0: b"start", 4 * 1024 * 1024 + 5: b"middle",
                                              9 * 1024 * 1024 - 3: b"end"})
LINKS = {"links/fast": "../docs/readme.txt", "links/slow": "x" * 100 + "/" + "y" * 99}


def expected_tree(rich):
    """Path -> bytes of every regular file, the set of folders and of symlinks."""
    files = dict(TREE)
    if rich:
        files.update(rich_tree())
        path, size, pieces = SPARSE
        data = bytearray(size)
        for at, piece in pieces.items():
            data[at:at + len(piece)] = piece
        files[path] = bytes(data)
    dirs = {"/tmp", "/lost+found"}
    for path in files:
        parts = path.split("/")[:-1]
        dirs.update("/" + "/".join(parts[:i + 1]) for i in range(len(parts)))
    links = set()
    if rich:
        links = {"/" + p for p in LINKS}
        dirs.add("/links")
    return {"/" + p: d for p, d in files.items()}, dirs, links


def make_image(work, block_size, revision, rich):
    tree = work / "tree"
    files, _, _ = expected_tree(rich)
    for path, data in files.items():
        target = tree / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if rich and path == "/" + SPARSE[0]:
            with open(target, "wb") as f:              # holes: written piece by piece
                for at, piece in SPARSE[2].items():
                    f.seek(at)
                    f.write(piece)
                f.truncate(SPARSE[1])
        else:
            target.write_bytes(data)
    if rich:
        for path, to in LINKS.items():
            (tree / path).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(to, tree / path)
    (tree / "tmp").mkdir()
    image = work / "disk.img"
    subprocess.run([tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", str(block_size), "-r", str(revision),
                    "-d", str(tree), str(image), "32M"], check=True)
    return image


FSSUM_FILE = re.compile(r"^fssum: (/\S*) size (\d+) fnv1a ([0-9a-f]{8})\s*$")
FSSUM_OTHER = re.compile(r"^fssum: (/\S*) (dir|link)\s*$")


def judge_fssum(output, rich):
    """The guest's listing against the tree: every file, folder and link, nothing else."""
    files, dirs, links = expected_tree(rich)
    seen_files, seen_dirs, seen_links, problems = {}, set(), set(), []
    for line in output.splitlines():
        if m := FSSUM_FILE.match(line):
            seen_files[m.group(1)] = (int(m.group(2)), int(m.group(3), 16))
        elif m := FSSUM_OTHER.match(line):
            (seen_dirs if m.group(2) == "dir" else seen_links).add(m.group(1))
    for path, data in files.items():
        got = seen_files.get(path)
        if got is None:
            problems.append(f"fssum did not list {path}")
        elif got != (len(data), fnv1a(data)):
            problems.append(f"{path}: the guest read {got[0]} bytes, fnv1a {got[1]:08x}; "
                            f"the host wrote {len(data)} bytes, fnv1a {fnv1a(data):08x}")
    for path in set(seen_files) - set(files):
        problems.append(f"fssum listed {path}, which the host did not write")
    if seen_dirs != dirs:
        problems.append(f"folders: the guest listed {sorted(seen_dirs ^ dirs)} differently")
    if seen_links != links:
        problems.append(f"symlinks: the guest listed {sorted(seen_links ^ links)} differently")
    return problems


def damage(image, commands):
    """Breaks the image on purpose: "poke OFFSET HEX" writes bytes at a byte offset,
    anything else is a debugfs -w command. Returns the damaged image's bytes."""
    for command in commands:
        if command.startswith("poke "):
            _, offset, data = command.split()
            with open(image, "r+b") as f:
                f.seek(int(offset, 0))
                f.write(bytes.fromhex(data))
            continue
        subprocess.run([tool("debugfs"), "-w", "-R", command, str(image)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return image.read_bytes()


def judge(image, output, args, damaged=None):
    problems = []
    if damaged is not None:
        if image.read_bytes() != damaged:
            problems.append("the guest changed the damaged image")
        return problems
    code, report = fsck(image)
    if code != 0:
        problems.append(f"e2fsck -fn exits {code}:\n{report}")
    touched = set()
    for spec in args.file:
        path, _, text = spec.partition("=")
        if text.startswith("@"):
            want = TREE[text[2:]]
        else:
            want = text.encode().decode("unicode_escape").encode("latin-1")
        got = read_file(image, path)
        touched.add(path)
        if got != want:
            problems.append(f"{path}: holds {got!r}, not {want!r}")
    for path in args.absent:
        touched.add(path)
        if exists(image, path):
            problems.append(f"{path}: still there")
    mismatches, checked = fscheck_mismatches(image, output)
    problems += mismatches
    if args.fscheck and checked == 0:
        problems.append("the guest printed no fscheck line")
    for path, data in TREE.items():
        if "/" + path not in touched and read_file(image, "/" + path) != data:
            problems.append(f"/{path}: changed, though nothing was to change it")
    return problems


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--block-size", type=int, default=1024, choices=[1024, 2048, 4096])
    p.add_argument("--revision", type=int, default=1, choices=[0, 1])
    p.add_argument("--rich", action="store_true", help="a richer tree (see above)")
    p.add_argument("--fssum", action="store_true", help="judge fssum's listing of the tree")
    p.add_argument("--damage", action="append", default=[], metavar="DEBUGFS-CMD",
                   help="break the image first: 'poke OFFSET HEX' or a debugfs -w command")
    p.add_argument("--file", action="append", default=[], metavar="PATH=TEXT")
    p.add_argument("--absent", action="append", default=[], metavar="PATH")
    p.add_argument("--fscheck", action="store_true", help="require fscheck lines")
    p.add_argument("test_args", nargs=argparse.REMAINDER)
    args = p.parse_args()
    test_args = args.test_args[1:] if args.test_args[:1] == ["--"] else args.test_args

    with tempfile.TemporaryDirectory(prefix="arc-ext2-") as tmp:
        work = Path(tmp)
        image = make_image(work, args.block_size, args.revision, args.rich)
        damaged = damage(image, args.damage) if args.damage else None
        run = subprocess.run([sys.executable, str(QEMU_PY), "test", *test_args, "--disk", f"2={image}"],
                             stdout=subprocess.PIPE, text=True, errors="replace")
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            print(f"ext2_test: qemu.py test failed ({run.returncode})")
            return 1
        problems = judge(image, run.stdout, args, damaged)
        if args.fssum:
            problems += judge_fssum(run.stdout, args.rich)
        for problem in problems:
            print(f"ext2_test: {problem}")
        if problems:
            return 1
        print("ext2_test: the image is consistent and holds what the guest wrote")
        return 0


if __name__ == "__main__":
    sys.exit(main())
