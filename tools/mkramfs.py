#!/usr/bin/env python3
"""Build the ram file system's archive (libs/arc/include/arc/ramfs.h describes the format).

    mkramfs.py --output sysroot/boot/ramfs --tree sysroot/system \\
               --optional policy=root-task/policy

GRUB loads the archive as the multiboot module `ramfs`; ART starts the boot servers from
it and reads the `policy` file; the ram server serves it as `ram:`.

Sources of entries:
    --tree DIR             every file and folder under DIR, named by its path relative to DIR
    [NAME=]PATH            one file, named NAME (default: PATH's file name); must exist
    --optional [NAME=]PATH the same, but a missing PATH is skipped with a warning

A name given for a single file may contain folders ("data/song.wav"); their directory
entries are added. Every name is checked against the format's rules, and two sources
giving the same name is an error. The output is deterministic: entries sorted by name,
no timestamps, no owners, zero padding. It is written to OUTPUT.partial and renamed, so a
failed run leaves no half-made archive.

    mkramfs.py --list ARCHIVE   prints the entries of an archive (type, size, offset, name)
"""

import argparse
import struct
import sys
from pathlib import Path

# The format (arc/ramfs.h). Keep in step with that header.
MAGIC = b"ARCRAMFS"
VERSION = 1
HEADER = struct.Struct("<8sIIII8x")       # magic, version, entry count, entry size, archive size
ENTRY = struct.Struct("<64sIIII")         # name, type, offset, size, reserved
NAME_FIELD = 64
MAX_NAME = NAME_FIELD - 1
ALIGNMENT = 16
MAX_ENTRIES = 1024
TYPE_REGULAR = 1
TYPE_DIRECTORY = 2
TYPE_NAMES = {TYPE_REGULAR: "file", TYPE_DIRECTORY: "dir"}

assert HEADER.size == 32 and ENTRY.size == 80


class RamfsError(Exception):
    pass


def check_name(name, source):
    """The rules of arc/ramfs.h: 1..63 bytes of '!'..'~', '/'-separated components,
    none empty, "." or ".."."""
    if not name.isascii() or any(not "!" <= c <= "~" for c in name):
        raise RamfsError(f"{source}: name {name!r} has a character outside '!'..'~' "
                         "(no blanks, no control or non-ASCII characters)")
    if len(name) > MAX_NAME:
        raise RamfsError(f"{source}: name {name!r} is longer than {MAX_NAME} bytes")
    for component in name.split("/"):
        if component in ("", ".", ".."):
            raise RamfsError(f"{source}: name {name!r} has an empty, '.' or '..' component")


class Tree:
    """The entries to write: name -> (type, source path or None), folders included."""

    def __init__(self):
        self.entries = {}

    def add_directory(self, name, source):
        check_name(name, source)
        kind, _ = self.entries.get(name, (TYPE_DIRECTORY, None))
        if kind != TYPE_DIRECTORY:
            raise RamfsError(f"{source}: {name!r} is a file already")
        self._add_folders(name, source)
        self.entries[name] = (TYPE_DIRECTORY, None)

    def add_file(self, name, path, source):
        check_name(name, source)
        if name in self.entries:
            other = self.entries[name][1]
            raise RamfsError(f"{source}: {name!r} is given twice"
                             + (f" (also from {other})" if other else " (a folder)"))
        self._add_folders(name, source)
        self.entries[name] = (TYPE_REGULAR, path)

    def _add_folders(self, name, source):
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            self.add_directory("/".join(parts[:i]), source)

    def add_tree(self, root):
        if not root.is_dir():
            raise RamfsError(f"{root} is not a folder (build the target tree first: tools/arc build)")
        for path in sorted(root.rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_dir():
                self.add_directory(name, str(path))
            elif path.is_file():
                self.add_file(name, path, str(path))
            else:
                raise RamfsError(f"{path}: neither a regular file nor a folder")


def align(value):
    return (value + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def build(tree):
    """The archive's bytes."""
    names = sorted(tree.entries, key=lambda n: n.encode("ascii"))
    if len(names) > MAX_ENTRIES:
        raise RamfsError(f"{len(names)} entries, more than the format's {MAX_ENTRIES}")
    table_end = HEADER.size + len(names) * ENTRY.size      # a multiple of 16 already
    table = bytearray()
    data = bytearray()
    for name in names:
        kind, path = tree.entries[name]
        offset = size = 0
        if kind == TYPE_REGULAR:
            contents = Path(path).read_bytes()
            data += bytes(align(len(data)) - len(data))
            offset, size = table_end + len(data), len(contents)
            data += contents
        table += ENTRY.pack(name.encode("ascii"), kind, offset, size, 0)
    total = table_end + len(data)
    if total >= 1 << 32:
        raise RamfsError(f"the archive would be {total} bytes, more than 4 GiB")
    header = HEADER.pack(MAGIC, VERSION, len(names), ENTRY.size, total)
    return header + bytes(table) + bytes(data)


def parse(blob):
    """The entries of an archive as (name, type, offset, size), checking what a listing
    relies on. The complete checks are the C++ reader's (libs/arc/src/ramfs.cc)."""
    if len(blob) < HEADER.size:
        raise RamfsError("smaller than the header")
    magic, version, count, entry_size, total = HEADER.unpack_from(blob)
    if magic != MAGIC or version != VERSION or entry_size != ENTRY.size:
        raise RamfsError("not an Arc ram archive of version 1 (magic, version or entry size)")
    if total > len(blob) or HEADER.size + count * ENTRY.size > total:
        raise RamfsError("cut short: the header or table promises more bytes than there are")
    entries = []
    for i in range(count):
        raw, kind, offset, size, _ = ENTRY.unpack_from(blob, HEADER.size + i * ENTRY.size)
        if b"\0" not in raw:
            raise RamfsError(f"entry {i}: the name is not NUL-terminated")
        if offset + size > total:
            raise RamfsError(f"entry {i}: data extends past the end of the archive")
        entries.append((raw.split(b"\0", 1)[0].decode("ascii", "replace"), kind, offset, size))
    return entries


def split_source(text):
    """[NAME=]PATH -> (name, Path)."""
    name, sep, path = text.partition("=")
    if not sep:
        return Path(text).name, Path(text)
    return name, Path(path)


def collect(args):
    tree = Tree()
    for root in args.tree:
        tree.add_tree(root)
    for text in args.files:
        name, path = split_source(text)
        if not path.is_file():
            raise RamfsError(f"{path}: no such file")
        tree.add_file(name, path, str(path))
    for text in args.optional:
        name, path = split_source(text)
        if not path.is_file():
            print(f"mkramfs: warning: {path} not found; {name!r} left out of the archive",
                  file=sys.stderr)
            continue
        tree.add_file(name, path, str(path))
    return tree


def write(output, blob):
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    try:
        partial.write_bytes(blob)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def list_archive(path):
    for name, kind, offset, size in parse(path.read_bytes()):
        print(f"{TYPE_NAMES.get(kind, '?'):4} {size:10} {offset:#10x} {name}")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Build Arc's ram file system archive.")
    p.add_argument("--output", "-o", type=Path, help="archive file to write")
    p.add_argument("--tree", type=Path, action="append", default=[],
                   help="add every file and folder under this folder (repeatable)")
    p.add_argument("--optional", action="append", default=[], metavar="[NAME=]PATH",
                   help="add a file if it exists, warn otherwise (repeatable)")
    p.add_argument("--list", type=Path, metavar="ARCHIVE", help="print an archive's entries")
    p.add_argument("files", nargs="*", metavar="[NAME=]PATH", help="files to add (must exist)")
    args = p.parse_args(argv)
    if bool(args.list) == bool(args.output):
        p.error("give either --output (build) or --list (inspect)")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.list:
            list_archive(args.list)
        else:
            write(args.output, build(collect(args)))
    except (RamfsError, OSError) as e:
        print(f"mkramfs: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
