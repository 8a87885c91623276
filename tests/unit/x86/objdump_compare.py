#!/usr/bin/env python3
"""The instruction decoder (libs/x86) against GNU objdump.

  objdump_compare.py --lengths X86_LENGTHS --elf FILE...     every function of every file
  objdump_compare.py --lengths X86_LENGTHS --random N --seed S
                                                            N random byte streams

For an ELF file, objdump -d disassembles each function from its symbol on;
the decoder (through x86_lengths) decodes the same bytes from the same start,
and every instruction's length must be the same. Random streams are decoded by
objdump as raw i386 code: instructions objdump calls "(bad)" are left out (the
two disagree on what is invalid, not on lengths: an invalid encoding has no
length), and so is everything after them, since the two may resynchronise at
different bytes. Exit status 0 when every length agrees; otherwise the first
disagreements are printed with their bytes.
"""
import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# "    1000:\t31 f6     \txor    %esi,%esi"   (objdump -w --insn-width=16)
INSTRUCTION = re.compile(r"^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$")
FUNCTION = re.compile(r"^([0-9a-f]+) <(.+)>:$")
OBJDUMP_WIDTH = ["-w", "--insn-width=16"]
MAX_LENGTH = 15                     # bytes of the longest instruction
STREAM_BYTES = 64


def objdump_functions(text):
    """[(name, [(bytes, mnemonic)...])] from objdump's listing."""
    functions, current = [], None
    for line in text.splitlines():
        m = FUNCTION.match(line)
        if m:
            current = (m.group(2), [])
            functions.append(current)
            continue
        m = INSTRUCTION.match(line)
        if m and current is not None:
            current[1].append((bytes.fromhex(m.group(2).replace(" ", "")), m.group(3).strip()))
    return functions


def decoder_lengths(tool, runs):
    """The decoder's lengths for each run of bytes: ([lengths], error or None)."""
    text = "".join(run.hex() + "\n" for run in runs)
    out = subprocess.run([tool], input=text, capture_output=True, text=True, check=True).stdout
    results = []
    for line in out.splitlines():
        words = line.split()
        error = words[-1] if words and words[-1].startswith("!") else None
        results.append(([int(w) for w in words if not w.startswith("!")], error))
    return results


LEGACY_PREFIXES = set(b"\xf0\xf2\xf3\x66\x67\x26\x2e\x36\x3e\x64\x65")
FWAIT = 0x9b


def joins_fwait(code):
    """objdump shows FWAIT (9B), an instruction of its own, joined to the x87
    instruction after it, by display rules of its own (with some prefixes
    between, not others); the decoder keeps it apart, as the CPU runs it."""
    for byte in code:
        if byte == FWAIT:
            return len(code) > 1
        if byte not in LEGACY_PREFIXES:
            return False
    return False


def compare(name, instructions, lengths, error, complaints, stop_at_bad=False):
    """Lengths agree instruction by instruction; returns how many were compared.
    stop_at_bad: stop at an instruction objdump cannot decode, or one where it
    joins FWAIT to the next (random streams)."""
    offset = 0
    for index, (code, mnemonic) in enumerate(instructions):
        if stop_at_bad and ("(bad)" in mnemonic or joins_fwait(code)):
            return index
        if mnemonic.startswith(".byte"):                 # bytes left at a symbol's end: data to objdump
            return index
        if index >= len(lengths):
            complaints.append(f"{name}+{offset:#x}: objdump {code.hex(' ')} ({mnemonic}); decoder {error}")
            return index
        if lengths[index] != len(code):
            complaints.append(f"{name}+{offset:#x}: objdump {len(code)} bytes {code.hex(' ')} ({mnemonic}); "
                              f"decoder {lengths[index]}")
            return index
        offset += len(code)
    return len(instructions)


def check_elf(tool, files, complaints):
    total = 0
    for path in files:
        done = subprocess.run(["objdump", "-d", *OBJDUMP_WIDTH, str(path)], capture_output=True, text=True)
        if done.returncode != 0:                         # the test programs' broken ELF files
            print(f"objdump_compare: {path.name}: objdump cannot read it; left out")
            continue
        listing = done.stdout
        functions = [f for f in objdump_functions(listing) if f[1]]
        runs = [b"".join(code for code, _ in instructions) for _, instructions in functions]
        for (name, instructions), (lengths, error) in zip(functions, decoder_lengths(tool, runs)):
            total += compare(f"{path.name}:{name}", instructions, lengths, error, complaints)
    return total


def check_random(tool, count, seed, complaints):
    rng = random.Random(seed)
    streams = [bytes(rng.randrange(256) for _ in range(STREAM_BYTES)) for _ in range(count)]
    with tempfile.TemporaryDirectory() as work:
        paths = [Path(work) / f"{n}.bin" for n in range(count)]
        for path, stream in zip(paths, streams):
            path.write_bytes(stream)
        # One objdump for all: its listing has a "N.bin: file format binary"
        # header per file.
        listing = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i386", *OBJDUMP_WIDTH,
                                  *map(str, paths)], capture_output=True, text=True, check=True).stdout
    per_file = re.split(r"^.*/(\d+)\.bin:\s+file format binary$", listing, flags=re.M)
    listings = {int(per_file[i]): per_file[i + 1] for i in range(1, len(per_file), 2)}
    results = decoder_lengths(tool, streams)
    total = 0
    for n, stream in enumerate(streams):
        instructions = [i for f in objdump_functions(listings[n]) for i in f[1]]
        # Near the stream's end objdump sees instructions cut short (it
        # shows their prefixes alone): only those starting a whole
        # instruction's length before the end are compared.
        kept, offset = [], 0
        for code, mnemonic in instructions:
            if offset + MAX_LENGTH > len(stream):
                break
            kept.append((code, mnemonic))
            offset += len(code)
        lengths, error = results[n]
        total += compare(f"random#{n}(seed {seed})", kept, lengths, error, complaints, stop_at_bad=True)
    return total


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lengths", required=True, help="the x86_lengths program")
    p.add_argument("--elf", nargs="*", type=Path, default=[], help="ELF files (directories: every file in them)")
    p.add_argument("--random", type=int, default=0, help="random byte streams of STREAM_BYTES bytes")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    files = []
    for path in args.elf:
        files += sorted(f for f in path.iterdir() if f.is_file()) if path.is_dir() else [path]
    files = [f for f in files if f.read_bytes()[:4] == b"\x7fELF"]
    complaints = []
    compared = check_elf(args.lengths, files, complaints) if files else 0
    if args.random:
        compared += check_random(args.lengths, args.random, args.seed, complaints)
    for c in complaints[:30]:
        print(c)
    print(f"objdump_compare: {compared} instructions compared in {len(files)} files"
          f"{f' and {args.random} random streams' if args.random else ''}; {len(complaints)} disagreements")
    return 1 if complaints or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
