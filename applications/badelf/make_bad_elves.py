#!/usr/bin/env python3
"""make_bad_elves.py HELLO BADELF TRUNCELF: two files the loader must refuse.

BADELF is HELLO with its 4-byte ELF magic replaced, TRUNCELF the first
TRUNCATED_BYTES bytes of HELLO (a valid ELF header whose program headers and
segments point past the end of the file). Both are checked here so that a
change of hello cannot make either of them loadable by accident.
"""
import sys

ELF_MAGIC = b"\x7fELF"
BAD_MAGIC = b"BAD!"
TRUNCATED_BYTES = 256


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    hello, badelf, truncelf = sys.argv[1:]
    data = open(hello, "rb").read()
    if not data.startswith(ELF_MAGIC) or len(data) <= TRUNCATED_BYTES:
        print(f"make_bad_elves.py: {hello} is not the ELF file expected", file=sys.stderr)
        return 1
    with open(badelf, "wb") as f:
        f.write(BAD_MAGIC + data[len(ELF_MAGIC):])
    with open(truncelf, "wb") as f:
        f.write(data[:TRUNCATED_BYTES])
    return 0


if __name__ == "__main__":
    sys.exit(main())
