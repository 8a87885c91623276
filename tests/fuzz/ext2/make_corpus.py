#!/usr/bin/env python3
"""Writes the seed corpus for the ext2 fuzzer: a few small disk images made by
mke2fs -d from a tree this script writes (files in direct and indirect
blocks, a sparse file, folders, fast and slow symlinks), with 1 and 2 KiB
blocks, revisions 0 and 1, with and without the filetype feature, and one
image inside an MBR partition. Together well under 600 KiB.

    python3 tests/fuzz/ext2/make_corpus.py [output-dir]   (default: corpus/ here)

Every mke2fs option is on the command line, MKE2FS_CONFIG is /dev/null and
the UUID, hash seed and times are fixed, so the same e2fsprogs gives the
same bytes.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

FIXED_TIME = 946684800          # 2000-01-01
UUID = "41524332-0000-4000-8000-000000000001"
HASH_SEED = "41524332-0000-4000-8000-000000000002"


def find_mke2fs():
    for folder in os.environ.get("PATH", "").split(os.pathsep) + ["/sbin", "/usr/sbin"]:
        path = os.path.join(folder, "mke2fs")
        if os.access(path, os.X_OK):
            return path
    sys.exit("make_corpus.py: mke2fs not found (install e2fsprogs)")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def build_tree(root):
    """A small tree touching every kind of thing the library reads."""
    os.makedirs(os.path.join(root, "dir", "sub"))
    write(os.path.join(root, "hello.txt"), b"hello, ext2\n")
    write(os.path.join(root, "dir", "inner.txt"), b"inner\n" * 10)
    # 14 KiB: past the 12 direct blocks with 1 KiB blocks (an indirect block).
    write(os.path.join(root, "dir", "indirect.bin"), bytes((i * 7) & 0xFF for i in range(14 * 1024)))
    with open(os.path.join(root, "sparse.bin"), "wb") as f:
        f.write(b"start")
        f.seek(40 * 1024)
        f.write(b"end")
    for i in range(20):
        write(os.path.join(root, "dir", "sub", "entry_with_a_long_name_%02d" % i), b"%d" % i)
    os.symlink("hello.txt", os.path.join(root, "fast"))
    os.symlink("/" + "long" * 20 + "/target", os.path.join(root, "slow"))
    for folder, dirs, files in os.walk(root):
        for name in dirs + files + [""]:
            os.utime(os.path.join(folder, name), (FIXED_TIME, FIXED_TIME), follow_symlinks=False)


def mke2fs(mke2fs_path, tree, image, size_kib, options):
    env = dict(os.environ, MKE2FS_CONFIG="/dev/null", E2FSPROGS_FAKE_TIME=str(FIXED_TIME))
    command = [mke2fs_path, "-q", "-F", "-t", "ext2", "-U", UUID, "-E", "hash_seed=" + HASH_SEED,
               "-N", "64", "-m", "0"] + options + ["-d", tree, image, "%dk" % size_kib]
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        sys.exit("make_corpus.py: %s failed:\n%s" % (" ".join(command), result.stdout.decode(errors="replace")))


def mbr_disk(volume, first_sector):
    """An MBR with one Linux partition (type 0x83) at first_sector holding volume."""
    mbr = bytearray(512)
    count = len(volume) // 512
    mbr[446:462] = struct.pack("<B3sB3sII", 0x80, b"\0\0\0", 0x83, b"\0\0\0", first_sector, count)
    mbr[510:512] = b"\x55\xaa"
    return bytes(mbr) + bytes((first_sector - 1) * 512) + volume


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    os.makedirs(out, exist_ok=True)
    tool = find_mke2fs()
    work = tempfile.mkdtemp(prefix="ext2_corpus.")
    try:
        tree = os.path.join(work, "tree")
        build_tree(tree)
        full = ["-O", "none,sparse_super,large_file,filetype,resize_inode,dir_index,ext_attr"]
        images = [
            ("b1024_r1.img", 128, ["-b", "1024", "-r", "1", "-I", "128"] + full),
            ("b2048_r1_i256.img", 128, ["-b", "2048", "-r", "1", "-I", "256", "-O", "none,filetype,sparse_super"]),
            ("b1024_r0.img", 96, ["-b", "1024", "-r", "0"]),
            ("b1024_nofiletype.img", 96, ["-b", "1024", "-r", "1", "-I", "128", "-O", "none"]),
        ]
        for name, size, options in images:
            path = os.path.join(out, name)
            mke2fs(tool, tree, path, size, options)
            print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
        volume = os.path.join(work, "volume.img")
        mke2fs(tool, tree, volume, 80, ["-b", "1024", "-r", "1", "-I", "128", "-O", "none,filetype,sparse_super"])
        with open(volume, "rb") as f:
            disk = mbr_disk(f.read(), 8)
        path = os.path.join(out, "mbr_partition.img")
        write(path, disk)
        print("wrote %s (%d bytes)" % (path, len(disk)))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
