#!/usr/bin/env python3
"""Writes the seed corpus for the ELF fuzzer: a few small ELF32 i386 images,
valid and invalid, each a few hundred bytes.

    python3 tests/fuzz/elf/make_corpus.py [output-dir]   (default: corpus/ here)

The images are compact: a segment's file offset only has to be congruent to
its address modulo the page size, so segments sit at small offsets with
addresses chosen to match (text at 0x1080 from offset 0x80, and so on).
"""
import os
import struct
import sys

PT_LOAD, PT_INTERP, PT_NOTE = 1, 3, 4
PF_X, PF_W, PF_R = 1, 2, 4
SHT_PROGBITS, SHT_STRTAB, SHT_NOBITS = 1, 3, 8


def image(phdrs, sections=True, entry=0x1080, e_type=2, machine=3, ident_class=1, size=0x100):
    """phdrs: (type, offset, vaddr, filesz, memsz, flags, align). Returns bytes."""
    body = bytearray(size)
    for i in range(0x80, size):
        body[i] = (i * 7) & 0xFF
    shdrs = []
    if sections:
        names = b"\0.text\0.data\0.bss\0.pdata\0.shstrtab\0"
        names_at = len(body)
        body += names
        while len(body) % 4:
            body.append(0)

        def name(n):
            return names.index(n.encode() + b"\0")

        shdrs = [
            (0, 0, 0, 0, 0, 0),
            (name(".text"), SHT_PROGBITS, 6, 0x1080, 0x80, 0x40),
            (name(".data"), SHT_PROGBITS, 3, 0x20C0, 0xC0, 0x20),
            (name(".bss"), SHT_NOBITS, 3, 0x20E0, 0xE0, 0x100),
            (name(".pdata"), SHT_PROGBITS, 3, 0x800000E0, 0xE0, 0x10),
            (name(".shstrtab"), SHT_STRTAB, 0, 0, names_at, len(names)),
        ]
    shoff = len(body) if shdrs else 0
    for sh in shdrs:
        body += struct.pack("<10I", *sh, 0, 0, 1, 0)
    header = struct.pack(
        "<16sHHIIIIIHHHHHH",
        bytes([0x7F, ord("E"), ord("L"), ord("F"), ident_class, 1, 1]) + bytes(9),
        e_type, machine, 1, entry, 52, shoff, 0,
        52, 32, len(phdrs), 40, len(shdrs), 5 if shdrs else 0)
    table = b"".join(struct.pack("<8I", t, off, va, va, fs, ms, fl, al)
                     for (t, off, va, fs, ms, fl, al) in phdrs)
    body[0:len(header) + len(table)] = header + table
    return bytes(body)


TEXT = (PT_LOAD, 0x80, 0x1080, 0x40, 0x40, PF_R | PF_X, 0x1000)
DATA = (PT_LOAD, 0xC0, 0x20C0, 0x20, 0x120, PF_R | PF_W, 0x1000)
PDATA = (PT_LOAD, 0xE0, 0x800000E0, 0x10, 0x10, PF_R | PF_W, 0x1000)

CORPUS = {
    "valid": image([TEXT, DATA, PDATA]),
    "valid_stripped": image([TEXT, DATA], sections=False),
    "valid_with_note": image([TEXT, (PT_NOTE, 0x40, 0, 8, 8, PF_R, 4), DATA, PDATA]),
    "bad_overlap": image([TEXT, (PT_LOAD, 0xC0, 0x10C0, 0x20, 0x20, PF_R | PF_W, 0x1000)]),
    "bad_past_end": image([TEXT, (PT_LOAD, 0xC0, 0x20C0, 0x2000, 0x2000, PF_R | PF_W, 0x1000)]),
    "bad_interp": image([(PT_INTERP, 0x80, 0, 0x10, 0x10, PF_R, 1), TEXT]),
    "bad_entry": image([TEXT, DATA], entry=0x20C0),
    "bad_class64": image([TEXT], ident_class=2),
    "bad_truncated": image([TEXT, DATA, PDATA])[:0x90],
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(CORPUS.items()):
        with open(os.path.join(out, name + ".elf"), "wb") as f:
            f.write(data)
    print(f"wrote {len(CORPUS)} files to {out}")


if __name__ == "__main__":
    main()
