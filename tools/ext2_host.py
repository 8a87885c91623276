"""Looking at an ext2 image from the host, with e2fsprogs: what system tests and
the fault-injection campaign judge the guest by.

    fsck(image)               -> (exit code, report) of e2fsck -fn
    read_file(image, path)    -> the file's bytes as debugfs dumps them, or None
    exists(image, path)       -> whether debugfs finds it
    fscheck_mismatches(image, output)
                              -> what the disk says against fscheck's lines
"""
import re
import subprocess
import tempfile
from pathlib import Path

SBIN = ["/sbin", "/usr/sbin"]
# "fscheck: ext2:/fscheck/f3 size 1234 fnv1a 89abcdef" (applications/fscheck)
FSCHECK_LINE = re.compile(r"^fscheck: [a-z0-9]+:(/\S*) size (\d+) fnv1a ([0-9a-f]{8})\s*$")


def tool(name):
    """e2fsprogs live in /sbin, which a user's PATH may lack."""
    for d in SBIN:
        if Path(d, name).exists():
            return str(Path(d, name))
    return name


def fnv1a(data):
    """FNV-1a, 32 bits: rt/checksum.h's."""
    h = 2166136261
    for byte in data:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def fsck(image):
    run = subprocess.run([tool("e2fsck"), "-fn", str(image)], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    report = [line for line in run.stdout.splitlines() if not line.startswith("e2fsck ")]
    return run.returncode, "\n".join(report)


def read_file(image, path):
    """The file's bytes as debugfs reads them, or None if it is not there."""
    with tempfile.TemporaryDirectory(prefix="arc-dump-") as work:
        out = Path(work) / "dumped"
        subprocess.run([tool("debugfs"), "-R", f"dump -p {path} {out}", str(image)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return out.read_bytes() if out.exists() else None


def exists(image, path):
    run = subprocess.run([tool("debugfs"), "-R", f"stat {path}", str(image)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return "File not found" not in run.stdout


def fscheck_mismatches(image, output):
    """([problems], lines checked): every fscheck line the guest printed against the
    file on the disk."""
    problems, checked = [], 0
    for line in output.splitlines():
        m = FSCHECK_LINE.match(line)
        if not m:
            continue
        path, size, want = m.group(1), int(m.group(2)), int(m.group(3), 16)
        got = read_file(image, path)
        checked += 1
        if got is None:
            problems.append(f"{path}: not on the disk")
        elif len(got) != size or fnv1a(got) != want:
            problems.append(f"{path}: {len(got)} bytes, fnv1a {fnv1a(got):08x} on the disk; "
                            f"{size} bytes, fnv1a {want:08x} in the guest")
    return problems, checked
