#!/usr/bin/env python3
"""Boot Arc's disk image in QEMU: the one place that builds QEMU command lines.

    qemu.py run    serial console on the terminal (Ctrl-A X quits)
    qemu.py test   serial on a pipe, a script of expected output and typed input,
                   reject patterns, timeout, verdict line
    qemu.py bench  a test boot with -icount shift=0 that prints the guest's BENCH lines
    qemu.py debug  QEMU halted with a gdb stub, gdb attached with the kernel's symbols

Everything after `--` goes to QEMU unchanged, after our own flags, so it can override
them (QEMU takes the last -m, -display ...).

Contract with the guest (docs/build.md): all output on COM1 at 115200; the guest leaves
through isa-debug-exit at port 0xf4 by writing 0x10 (pass), 0x11 (fail) or 0x12 (kernel
panic). QEMU then exits with (byte << 1) | 1. Any other way out is a failure.

Per-boot settings (root task, kernel command line) reach GRUB on a small second disk
holding a GRUB script (see override_script), so the image is never rebuilt for them.
It is a virtio disk with boot index 1: GRUB sees it as (hd1) whatever other disks a test
adds, and Arc's own IDE driver never sees it.

A test is a conversation (docs/build.md): --expect waits for output, --input types on
the serial line, --keys on the PS/2 keyboard (QMP send-key), --expect-screen waits for
the VGA text screen (guest memory at 0xb8000 read through QMP), each in command-line
order. --screendump takes a picture of the display (QMP screendump, PPM) once every step
is done, for the test to compare afterwards.

Adding a capture (printer port, sound, screendump) means: a field in Boot, its flags in
capture_args(), and the test checking the file after QEMU exits.
"""

import argparse
import json
import os
import re
import selectors
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mkimage  # noqa: E402  (OVERRIDE_SECTORS: grub.cfg and this file must agree)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_IMAGE = ROOT / "build" / "arc.img"
DEFAULT_BOOT_FOLDER = ROOT / "build" / "target" / "sysroot" / "boot"
DEFAULT_SYMBOLS = ROOT / "build" / "target" / "kernel" / "kernel"
QEMU = "qemu-system-i386"

# isa-debug-exit: QEMU's exit status for each byte the guest may write to port 0xf4.
EXIT_PASS = (0x10 << 1) | 1         # 33
EXIT_FAIL = (0x11 << 1) | 1         # 35
EXIT_PANIC = (0x12 << 1) | 1        # 37

VERDICT_PREFIX = "ARC-VERDICT "
AUDIO_CAPTURE_RATE = 22050          # --audio-file: the rate of the tests' sounds (no resampling)
# ANSI escape sequences that GRUB's serial terminal sends (cursor moves, clears).
ANSI_ESCAPE = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_])")
# Words of the kernel command line: GRUB splits $arc_cmdline on blanks and would
# backslash-escape quotes, so those are refused here rather than mangled there.
CMDLINE_OK = re.compile(r"[ -~]*")
CMDLINE_BAD_CHARS = "'\"\\"
ROOT_OK = re.compile(r"[A-Za-z0-9_.+-]+")
# GRUB reports a missing file or a bad command and boots on regardless (e.g. without the
# root task after --root with a typo): such a boot fails, whatever the guest says next.
GRUB_ERRORS = (r"^error: (file `[^']*' not found|disk `[^']*' not found|no such device"
               r"|unknown filesystem|can't find command|you need to load the kernel first"
               r"|out of memory|invalid (file name|magic number|arch-dependent ELF magic))")
REJECT_GRACE_SECONDS = 2.0          # keep reading after a rejected line: the panic's details
# A partial line (a prompt waits without a newline) is matched once the guest has printed
# nothing for this long: long enough that a line is rarely cut in the middle.
QUIET_SECONDS = 0.3
POLL_SECONDS = 0.1                  # how often the harness looks at the clock and the screen
SCREEN_POLL_SECONDS = 0.25          # how often a waiting --expect-screen reads the screen
DONE_GRACE_SECONDS = 1.0            # --until-done: keep reading for rejects after the last step
QMP_CONNECT_SECONDS = 10.0          # QEMU creates its QMP socket before the guest runs
QMP_REPLY_SECONDS = 10.0
# The VGA text screen: 25 rows of 80 cells, a character byte and an attribute byte each.
VGA_TEXT = 0xB8000
VGA_COLUMNS = 80
VGA_ROWS = 25
VGA_CELL_BYTES = 2


class HarnessError(Exception):
    pass


@dataclass
class Boot:
    """One boot of the image; qemu_command() turns it into QEMU's argv."""
    image: Path = DEFAULT_IMAGE
    root: str | None = None             # GRUB arc_root: the boot module that is the root task
    cmdline: str | None = None          # GRUB arc_cmdline: the kernel command line
    memory_mib: int = 128
    icount: bool = False                # rdtsc counts guest instructions
    snapshot: bool = False              # never write to the image
    serial: str = "stdio"               # QEMU -serial backend
    monitor: str = "none"
    display: str = "none"
    gdb_port: int | None = None         # gdb stub, CPU halted at start
    parallel_file: Path | None = None   # capture of the printer port
    audio_file: Path | None = None      # capture of the Sound Blaster 16 (a WAV file)
    screendump: Path | None = None      # the display's picture (PPM) after the last step
    disks: list = field(default_factory=list)   # (Arc disk number 1..3, path): more IDE disks
    qmp_socket: Path | None = None      # QMP on a unix socket (test mode: --keys, --expect-screen)
    extra: list = field(default_factory=list)
    override_disk: Path | None = None   # written by write_override_disk() before the boot
    # A direct boot: QEMU's own multiboot loader (-kernel, -initrd) loads the kernel and
    # the modules from this folder (build/target/sysroot/boot), skipping the firmware's
    # disk reads and GRUB: 0.2 s to kernel entry instead of 1.9 s under -icount. The
    # image stays attached as disk 0. The kernel reads either loader's strings alike
    # (kernel/lib/boot_strings.h).
    boot_folder: Path | None = None


def check_boot_settings(root, cmdline):
    """--root names a boot module and --cmdline is words GRUB can quote, whichever
    loader takes them."""
    if root is not None and not ROOT_OK.fullmatch(root):
        raise HarnessError(f"--root {root!r}: a boot module name, [A-Za-z0-9_.+-]")
    if cmdline is not None and (not CMDLINE_OK.fullmatch(cmdline)
                                or any(c in cmdline for c in CMDLINE_BAD_CHARS)):
        raise HarnessError(f"--cmdline {cmdline!r}: printable ASCII without quotes "
                           "or backslashes")


def override_script(root, cmdline):
    """The GRUB script fragment on the override disk."""
    check_boot_settings(root, cmdline)
    lines = ["# Arc per-boot settings (tools/qemu.py)"]
    if root is not None:
        lines.append(f"set arc_root='{root}'")
    if cmdline is not None:
        lines.append(f"set arc_cmdline='{cmdline}'")
    text = ("\n".join(lines) + "\n").encode()
    size = mkimage.OVERRIDE_SECTORS * mkimage.SECTOR
    if len(text) > size:
        raise HarnessError(f"per-boot settings exceed {size} bytes")
    # Padding with newlines keeps the whole blocklist a valid (mostly empty) script.
    return text + b"\n" * (size - len(text))


def write_override_disk(boot, directory):
    """The override disk for GRUB; none for a direct boot, which needs no GRUB script."""
    if boot.boot_folder:
        return None
    path = Path(directory) / "arc-override.img"
    path.write_bytes(override_script(boot.root, boot.cmdline))
    return path


def qemu_path(path):
    """A file name inside a QEMU option list, where a comma must be doubled."""
    return str(path).replace(",", ",,")


def disk_args(boot):
    snapshot = ",snapshot=on" if boot.snapshot else ""
    # Boot indexes fix SeaBIOS's drive numbers: the image is (hd0), the override (hd1).
    # A direct boot boots from QEMU's loader, which takes boot index 0 itself.
    bootindex = "" if boot.boot_folder else ",bootindex=0"
    args = ["-drive", f"file={qemu_path(boot.image)},format=raw,if=none,id=arc{snapshot}",
            "-device", f"ide-hd,drive=arc,bus=ide.0,unit=0{bootindex}"]
    if boot.override_disk:
        args += ["-drive", f"file={qemu_path(boot.override_disk)},format=raw,if=none,id=arcboot,"
                           "readonly=on",
                 "-device", "virtio-blk-pci,drive=arcboot,bootindex=1"]
    # Arc's disk numbers (servers/pata): 1 primary slave, 2 secondary master,
    # 3 secondary slave. Written in place: a test checks them afterwards.
    for number, path in boot.disks:
        args += ["-drive", f"file={qemu_path(path)},format=raw,if=none,id=arcdisk{number}",
                 "-device", f"ide-hd,drive=arcdisk{number},bus=ide.{number // 2},unit={number % 2}"]
    return args


def direct_boot_args(boot):
    """QEMU loads what GRUB would: the kernel with the command line, then sigma0, the
    root task and the ram archive, in the order of tools/grub.cfg's menu entry."""
    if not boot.boot_folder:
        return []
    check_boot_settings(boot.root, boot.cmdline)
    folder = boot.boot_folder
    root = boot.root or mkimage.default_root((ROOT / "tools" / "grub.cfg").read_text())
    modules = [(folder / name, name) for name in ("sigma0", root, "ramfs")]
    for path, _ in [(folder / "kernel", "kernel")] + modules:
        if not path.is_file():
            raise HarnessError(f"{path} not found: run tools/arc build")
    initrd = ",".join(f"{qemu_path(path)} {name}" for path, name in modules)
    return ["-kernel", str(folder / "kernel"), "-append", boot.cmdline or "", "-initrd", initrd]


def capture_args(boot):
    """What QEMU records outside the guest for a test to judge afterwards."""
    args = []
    if boot.parallel_file:
        # A named chardev: -parallel file:PATH would take a comma in PATH literally.
        args += ["-chardev", f"file,id=arclpt,path={qemu_path(boot.parallel_file)}",
                 "-parallel", "chardev:arclpt"]
    if boot.audio_file:
        # A Sound Blaster 16 at its defaults (I/O 0x220, IRQ 5, DMA 1, HDMA 5) whose
        # output QEMU's wav backend writes to a file, paced by the virtual clock. The
        # file is 16-bit stereo at AUDIO_CAPTURE_RATE: a sound of that rate (8 or 16
        # bits) arrives bit for bit; other rates are resampled by QEMU.
        args += ["-audiodev", f"wav,id=arcsnd,path={qemu_path(boot.audio_file)},"
                              f"out.frequency={AUDIO_CAPTURE_RATE},out.channels=2,out.format=s16",
                 "-device", "sb16,audiodev=arcsnd"]
    return args


def control_args(boot):
    """How the harness reaches QEMU besides the serial line."""
    if not boot.qmp_socket:
        return []
    # wait=off: QEMU runs the guest without waiting for us to connect.
    return ["-qmp", f"unix:{qemu_path(boot.qmp_socket)},server=on,wait=off"]


def qemu_command(boot):
    args = [QEMU, "-accel", "tcg", "-m", str(boot.memory_mib), "-no-reboot",
            "-nic", "none",                        # Arc has no network driver
            "-display", boot.display,
            "-serial", boot.serial, "-monitor", boot.monitor,
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
    if boot.icount:
        # sleep=off: when the guest idles, virtual time jumps to the next timer
        # instead of following the wall clock, so counts repeat run to run.
        args += ["-icount", "shift=0,sleep=off"]
    if boot.gdb_port is not None:
        args += ["-gdb", f"tcp:127.0.0.1:{boot.gdb_port}", "-S"]
    args += disk_args(boot) + direct_boot_args(boot) + capture_args(boot) + control_args(boot)
    return args + list(boot.extra)


def check_host(boot):
    if not shutil.which(QEMU):
        raise HarnessError(f"{QEMU} not found: run tools/arc setup")
    if not boot.image.is_file():
        raise HarnessError(f"{boot.image} not found: run tools/arc build")


def describe_exit(status):
    """(verdict, reason) for QEMU's exit status alone."""
    if status == EXIT_PASS:
        return "pass", "guest reported pass (0x10)"
    if status == EXIT_FAIL:
        return "fail", "guest reported failure (0x11)"
    if status == EXIT_PANIC:
        return "fail", "kernel panic (0x12)"
    if status == 0:
        return "fail", ("QEMU exited 0 without a verdict from the guest: a reset or triple "
                        "fault (-no-reboot) or the monitor's quit")
    if status is not None and status < 0:
        return "fail", f"QEMU killed by signal {-status}"
    if status is not None and status & 1 and status > 1:
        return "fail", f"guest wrote unknown code {status >> 1:#x} to isa-debug-exit"
    return "fail", f"QEMU exited {status} (an error of QEMU's own?)"


def clean_line(raw):
    """Serial bytes as text: no escape sequences, no carriage returns."""
    text = raw.decode("utf-8", errors="replace")
    return ANSI_ESCAPE.sub("", text).replace("\r", "")


def compile_pattern(pattern):
    try:
        return re.compile(pattern)
    except re.error as e:
        raise HarnessError(f"bad pattern {pattern!r}: {e}") from None


# --- the test's script: --expect, --input, --keys, --expect-screen ------------------------

# Escapes of --input and --keys, so a test can type what a shell cannot pass literally.
ESCAPE_TOKEN = re.compile(r"\\(x[0-9A-Fa-f]{2}|[nrt\\])|\\(.?)", re.S)
NAMED_ESCAPES = {"n": 0x0A, "r": 0x0D, "t": 0x09, "\\": 0x5C}
ESCAPES_KNOWN = r"\n \r \t \\ \xHH"


def decode_escapes(text, option):
    """The bytes of TEXT with its escapes decoded; other characters as UTF-8."""
    out = bytearray()
    position = 0
    for m in ESCAPE_TOKEN.finditer(text):
        out += text[position:m.start()].encode()
        position = m.end()
        if m.group(2) is not None:
            raise HarnessError(f"{option} {text!r}: unknown escape '\\{m.group(2)}' "
                               f"(known: {ESCAPES_KNOWN})")
        escape = m.group(1)
        out.append(int(escape[1:], 16) if escape[0] == "x" else NAMED_ESCAPES[escape])
    out += text[position:].encode()
    return bytes(out)


# QEMU's key codes (QMP send-key "qcode"; the names HMP's sendkey takes) a test may use.
QCODES = frozenset(
    [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    + [f"f{n}" for n in range(1, 13)] + [f"kp_{d}" for d in range(10)]
    + """shift shift_r ctrl ctrl_r alt alt_r meta_l meta_r caps_lock num_lock scroll_lock
         ret esc spc tab backspace up down left right home end pgup pgdn insert delete
         minus equal bracket_left bracket_right semicolon apostrophe grave_accent backslash
         comma dot slash less kp_enter kp_add kp_subtract kp_multiply kp_divide kp_decimal
         sysrq pause menu""".split())

# A US keyboard: the key (and shift) that types each character.
_UNSHIFTED = {" ": "spc", "-": "minus", "=": "equal", "[": "bracket_left",
              "]": "bracket_right", ";": "semicolon", "'": "apostrophe", "`": "grave_accent",
              "\\": "backslash", ",": "comma", ".": "dot", "/": "slash",
              "\n": "ret", "\r": "ret", "\t": "tab", "\b": "backspace", "\x1b": "esc"}
_SHIFTED = {"_": "minus", "+": "equal", "{": "bracket_left", "}": "bracket_right",
            ":": "semicolon", '"': "apostrophe", "~": "grave_accent", "|": "backslash",
            "<": "comma", ">": "dot", "?": "slash", "!": "1", "@": "2", "#": "3", "$": "4",
            "%": "5", "^": "6", "&": "7", "*": "8", "(": "9", ")": "0"}
# A run of --keys: '{{' (a literal brace), '{name-name}' (keys pressed together),
# an escape, or one character.
KEYS_TOKEN = re.compile(r"\{\{|\{([^{}]*)\}|(\\x[0-9A-Fa-f]{2}|\\.?)|(.)", re.S)


def key_for_char(char):
    """The key combination (a list of qcodes) that types CHAR, or None."""
    if "a" <= char <= "z" or "0" <= char <= "9":
        return [char]
    if "A" <= char <= "Z":
        return ["shift", char.lower()]
    if char in _UNSHIFTED:
        return [_UNSHIFTED[char]]
    if char in _SHIFTED:
        return ["shift", _SHIFTED[char]]
    return None


def parse_keys(text):
    """--keys TEXT as a list of key combinations, each a list of qcodes pressed together."""
    combos = []
    for m in KEYS_TOKEN.finditer(text):
        named, escape, char = m.group(1), m.group(2), m.group(3)
        if named is not None:
            names = named.split("-")
            unknown = [n for n in names if n not in QCODES]     # "" too: {} or {a-}
            if unknown:
                raise HarnessError(f"--keys {text!r}: unknown key {unknown[0]!r} in "
                                   f"{{{named}}} (QEMU qcodes, e.g. {{ctrl-c}} {{up}} {{ret}})")
            combos.append(names)
            continue
        if char == "{":
            raise HarnessError(f"--keys {text!r}: '{{' opens a key name and needs its '}}' "
                               "(type a brace with '{{')")
        if m.group(0) == "{{":
            char = "{"
        elif escape is not None:
            char = decode_escapes(escape, "--keys").decode("latin-1")
        combo = key_for_char(char)
        if combo is None:
            raise HarnessError(f"--keys {text!r}: no key types {char!r} "
                               "(name it, e.g. {ctrl-c})")
        combos.append(combo)
    return combos


@dataclass
class Step:
    """One step of a test's script: output to wait for, or something to do."""
    kind: str                   # "expect", "input", "keys" or "screen"
    text: str                   # as given on the command line
    pattern: re.Pattern | None = None
    data: bytes = b""           # --input: the bytes to send
    keys: list = field(default_factory=list)    # --keys: combinations of qcodes

    OPTIONS = {"expect": "--expect", "input": "--input", "keys": "--keys",
               "screen": "--expect-screen"}

    @property
    def is_action(self):
        return self.kind in ("input", "keys")

    def describe(self):
        # An --expect is its pattern, as the verdict line has always said.
        return (self.text if self.kind == "expect"
                else f"{self.OPTIONS[self.kind]} {shlex.quote(self.text)}")


def make_step(kind, text):
    if kind == "expect":
        return Step(kind, text, pattern=compile_pattern(text))
    if kind == "screen":
        return Step(kind, text, pattern=re.compile(compile_pattern(text).pattern, re.MULTILINE))
    if kind == "input":
        return Step(kind, text, data=decode_escapes(text, "--input"))
    if kind == "keys":
        return Step(kind, text, keys=parse_keys(text))
    raise HarnessError(f"unknown step {kind!r}")


def make_script(pairs):
    """Steps from (kind, text) pairs in command-line order; plain strings are --expect."""
    return [p if isinstance(p, Step) else make_step(*p) if isinstance(p, tuple)
            else make_step("expect", p) for p in pairs]


# --- the VGA text screen and QMP --------------------------------------------------------

# Code page 437's pictures for the control bytes 0x01..0x1f and 0x7f (0x00 is blank).
_CP437_CONTROLS = "☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"


def decode_screen(memory):
    """The VGA text buffer (character, attribute pairs) as 25 lines of at most 80
    characters, trailing blanks removed, joined by newlines."""
    rows = []
    row_bytes = VGA_COLUMNS * VGA_CELL_BYTES
    for r in range(VGA_ROWS):
        chars = []
        for b in memory[r * row_bytes:(r + 1) * row_bytes:VGA_CELL_BYTES]:
            if b == 0:
                chars.append(" ")
            elif b < 0x20:
                chars.append(_CP437_CONTROLS[b - 1])
            elif b == 0x7F:
                chars.append("⌂")
            else:
                chars.append(bytes([b]).decode("cp437"))
        rows.append("".join(chars).rstrip())
    return "\n".join(rows)


class Qmp:
    """QEMU's machine protocol on a unix socket: one command at a time, events ignored."""

    def __init__(self, path):
        deadline = time.monotonic() + QMP_CONNECT_SECONDS
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(str(path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.sock.close()
                if time.monotonic() >= deadline:
                    raise HarnessError(f"QEMU's QMP socket {path} did not come up") from None
                time.sleep(POLL_SECONDS)
        self.sock.settimeout(QMP_REPLY_SECONDS)
        self.file = self.sock.makefile("rwb")
        if "QMP" not in self._read():
            raise HarnessError("QMP: no greeting")
        self.command("qmp_capabilities")

    def _read(self):
        try:
            line = self.file.readline()
        except OSError as e:
            raise HarnessError(f"QMP: {e}") from None
        if not line:
            raise HarnessError("QMP: QEMU closed the socket")
        return json.loads(line)

    def command(self, name, **arguments):
        request = {"execute": name}
        if arguments:
            request["arguments"] = arguments
        try:
            self.file.write(json.dumps(request).encode() + b"\r\n")
            self.file.flush()
        except OSError as e:
            raise HarnessError(f"QMP: {e}") from None
        while True:
            reply = self._read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise HarnessError(f"QMP {name}: {reply['error'].get('desc', reply['error'])}")
            # Anything else is an asynchronous event (RESET, STOP ...), not our answer.

    def close(self):
        self.file.close()
        self.sock.close()


class Guest:
    """What the script does to the running QEMU: type on the serial line (its stdin),
    press keys and read the screen through QMP (connected when first needed)."""

    def __init__(self, proc, qmp_socket, scratch):
        self.proc = proc
        self.qmp_socket = qmp_socket
        self.scratch = Path(scratch)
        self.qmp = None

    def _qmp(self):
        if self.qmp is None:
            if self.qmp_socket is None:
                raise HarnessError("no QMP socket for --keys or --expect-screen")
            self.qmp = Qmp(self.qmp_socket)
        return self.qmp

    def _gone(self):
        return self.proc.poll() is not None

    def send_input(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass                    # QEMU is exiting; its exit status tells the story

    def send_keys(self, combos):
        try:
            for combo in combos:
                self._qmp().command("send-key", keys=[{"type": "qcode", "data": k}
                                                      for k in combo])
        except HarnessError:
            if not self._gone():
                raise

    def screendump(self, path):
        """The display as QEMU shows it now, into PATH (PPM)."""
        self._qmp().command("screendump", filename=str(path))

    def screen(self):
        """The VGA text screen now, or None once QEMU is gone."""
        dump = self.scratch / "vga-text.bin"
        try:
            self._qmp().command("pmemsave", val=VGA_TEXT, filename=str(dump),
                                size=VGA_COLUMNS * VGA_ROWS * VGA_CELL_BYTES)
        except HarnessError:
            if self._gone():
                return None
            raise
        return decode_screen(dump.read_bytes())

    def close(self):
        if self.qmp is not None:
            self.qmp.close()


def matches_after(pattern, text, old):
    """Whether PATTERN matches in TEXT with a match ending after its first OLD characters
    (any match when OLD is 0)."""
    if old == 0:
        return pattern.search(text) is not None
    return any(m.end() > old for m in pattern.finditer(text))


class Watcher:
    """Judges the guest's serial output and plays the test's script.

    Steps are taken in order: an --expect waits for a line matching it, an --expect-screen
    for the VGA text screen to match it; --input and --keys are done as soon as every step
    before them is. Rejects are checked on every complete line. Output comes in chunks
    (receive()); complete lines are matched, and so is the pending partial line once the
    guest has been quiet for QUIET_SECONDS (idle()), so that a prompt can be expected.
    After an --input or --keys, a step is satisfied only by a match that ends in output
    received after it was sent: the line "msh% ps" (the prompt, then the echo of the typed
    command) matches '^msh% ps$' but not the next step's 'msh%'."""

    def __init__(self, steps, reject, echo, guest=None):
        self.steps = make_script(steps)
        # (what to call it in the verdict, regex)
        self.reject = [("a GRUB error", compile_pattern(GRUB_ERRORS))]
        self.reject += [(f"pattern {p!r}", compile_pattern(p)) for p in reject]
        self.echo = echo
        self.guest = guest
        self.seen = 0
        self.rejected = None            # the first line that matched a reject pattern
        self.lines = []
        self.pending = b""              # the current line, not complete yet
        self.old = 0                    # bytes of pending received before the last action
        self.offered = False            # pending was matched since it last grew
        self.screen = None              # the last screen read, for the verdict

    def _current(self, kind=None):
        if self.seen >= len(self.steps):
            return None
        step = self.steps[self.seen]
        return step if kind is None or step.kind == kind else None

    @property
    def done(self):
        return self.seen >= len(self.steps)

    @property
    def waiting_for_screen(self):
        return self._current("screen") is not None

    def start(self):
        """QEMU runs: do what the script says before any output (leading --input)."""
        self._act()

    def _act(self):
        while (step := self._current()) is not None and step.is_action:
            if self.echo:
                self.echo(f"[qemu.py] {step.describe()}")
            if step.kind == "input":
                self.guest.send_input(step.data)
            else:
                self.guest.send_keys(step.keys)
            self.seen += 1
            self.old = len(self.pending)

    def _match(self, text, old=0):
        """Advances over the --expect steps TEXT satisfies; its first OLD characters came
        before the last action."""
        while (step := self._current("expect")) is not None and matches_after(step.pattern,
                                                                              text, old):
            self.seen += 1
        self._act()

    def _check_reject(self, line):
        for name, pattern in self.reject:
            if self.rejected is None and pattern.search(line):
                self.rejected = (name, line)

    def receive(self, chunk):
        self.pending += chunk
        self.offered = False
        while (end := self.pending.find(b"\n")) >= 0:
            raw, self.pending = self.pending[:end], self.pending[end + 1:]
            old, self.old = min(self.old, end), max(0, self.old - (end + 1))
            self._line(raw, old)

    def _line(self, raw, old):
        line = clean_line(raw)
        self.lines.append(line)
        if self.echo:
            self.echo(line)
        self._check_reject(line)
        if old == 0 or raw[old:]:
            self._match(line, len(clean_line(raw[:old])))

    def feed(self, line):
        """One complete line of output (as text)."""
        self.receive(line.encode() + b"\n")

    def idle(self):
        """The guest has been quiet: match the partial line it left (a prompt)."""
        fresh = self.pending[self.old:]
        if self.offered or not fresh:
            return
        self.offered = True
        # Rejects wait for the complete line: a pattern like 'error$' must not fire on
        # a line that is still being printed.
        self._match(clean_line(self.pending), len(clean_line(self.pending[:self.old])))

    def poll_screen(self):
        if not self.waiting_for_screen:
            return
        screen = self.guest.screen()
        if screen is None:
            return
        self.screen = screen
        if self._current("screen").pattern.search(screen):
            self.seen += 1
            self._act()

    def close(self):
        """The output ended: an unterminated last line counts as a line."""
        if self.pending:
            raw, self.pending = self.pending, b""
            self._line(raw, self.old)

    @property
    def missing(self):
        return [s.describe() for s in self.steps[self.seen:]]


def pump_output(proc, watcher, timeout, done_grace=None):
    """Feed QEMU's serial output to WATCHER until QEMU exits, the timeout expires, a
    rejected line was followed by a short grace period, or (DONE_GRACE, seconds, not
    None) every step is done and DONE_GRACE more passed without a rejected line.
    Returns 'exited', 'timeout' or 'done'."""
    deadline = time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    last_output = time.monotonic()
    next_screen = 0.0
    done_at = None
    try:
        watcher.start()
        while True:
            now = time.monotonic()
            if watcher.rejected is not None:
                deadline = min(deadline, now + REJECT_GRACE_SECONDS)
            if done_grace is not None and watcher.done and done_at is None:
                done_at = now
            if done_at is not None and watcher.rejected is None \
                    and now >= done_at + done_grace:
                return "done"
            if now >= deadline:
                return "timeout"
            if now - last_output >= QUIET_SECONDS:
                watcher.idle()
            if watcher.waiting_for_screen and now >= next_screen:
                next_screen = now + SCREEN_POLL_SECONDS
                watcher.poll_screen()
            if not selector.select(timeout=min(POLL_SECONDS, max(0.0, deadline - now))):
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break                               # QEMU closed its end: it is exiting
            last_output = time.monotonic()
            watcher.receive(chunk)
    finally:
        selector.close()
        watcher.close()
    try:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return "timeout"
    return "exited"


def stop(proc):
    """End our QEMU (and only it), politely first."""
    for pipe in (proc.stdin, proc.stdout):
        if pipe:
            try:
                pipe.close()
            except OSError:
                pass
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def judge(how, status, watcher, timeout):
    """The verdict of a test boot: every step in order, no rejected line, and the guest's
    pass code (or, with --until-done, every step done)."""
    if watcher.rejected is not None:
        name, line = watcher.rejected
        return "fail", f"rejected line ({name}): {line.strip()}"
    if how == "done":
        return "pass", "every step done (--until-done)"
    if how == "timeout":
        if watcher.missing:
            step = watcher.steps[watcher.seen]
            waiting = repr(step.text) if step.kind == "expect" else step.describe()
            return "fail", f"timeout after {timeout:g} s waiting for {waiting}"
        return "fail", f"timeout after {timeout:g} s without the guest leaving QEMU"
    verdict, reason = describe_exit(status)
    if verdict == "pass" and watcher.missing:
        return "fail", f"guest reported pass but never printed {watcher.missing[0]!r}"
    return verdict, reason


def needs_qmp(steps):
    return any(s.kind in ("keys", "screen") for s in steps)


def run_test(boot, steps=(), reject=(), timeout=60.0, echo=print, verbose_cmd=False,
             done_grace=None):
    """Boot, play the script, watch, judge. STEPS are (kind, text) pairs (plain strings
    are --expect patterns). DONE_GRACE (seconds, --until-done): pass once every step is
    done and that much longer passed without a rejected line; None: wait for the
    guest's own verdict. Returns (verdict, details dict, watcher)."""
    check_host(boot)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="arc-qemu-") as tmp:
        watcher = Watcher(steps, reject, echo)
        boot.override_disk = write_override_disk(boot, tmp)
        if needs_qmp(watcher.steps) or boot.screendump:
            boot.qmp_socket = Path(tmp) / "qmp.sock"
        argv = qemu_command(boot)
        if verbose_cmd:
            print("+ " + " ".join(argv), file=sys.stderr)
        with tempfile.TemporaryFile() as qemu_stderr:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=qemu_stderr)
            watcher.guest = Guest(proc, boot.qmp_socket, tmp)
            try:
                how = pump_output(proc, watcher, timeout, done_grace)
                if boot.screendump and how == "done" and watcher.rejected is None:
                    watcher.guest.screendump(boot.screendump.resolve())
            finally:
                watcher.guest.close()
                stop(proc)
            qemu_stderr.seek(0)
            qemu_messages = qemu_stderr.read().decode(errors="replace")
    # QEMU's note that we terminated it after a timeout says nothing new.
    qemu_messages = "\n".join(l for l in qemu_messages.splitlines()
                              if "terminating on signal" not in l).strip()
    status = proc.returncode if how == "exited" else None
    verdict, reason = judge(how, status, watcher, timeout)
    details = {
        "verdict": verdict, "reason": reason, "qemu_exit": status,
        "expected_seen": watcher.seen, "expected_total": len(watcher.steps),
        "missing": watcher.missing, "seconds": round(time.monotonic() - started, 2),
        "root": boot.root, "cmdline": boot.cmdline,
    }
    if qemu_messages:
        details["qemu_stderr"] = qemu_messages
    if watcher.screen is not None and verdict != "pass":
        details["screen"] = watcher.screen
    return verdict, details, watcher


def print_verdict(details):
    if details.get("qemu_stderr"):
        print("qemu: " + details["qemu_stderr"], file=sys.stderr)
    print(VERDICT_PREFIX + json.dumps(details, sort_keys=True), flush=True)


def cmd_test(args, boot):
    prefix = args.prefix
    echo = None if args.quiet else (lambda line: print(prefix + line, flush=True))
    verdict, details, _ = run_test(boot, args.steps, args.reject, args.timeout, echo,
                                   args.show_command, args.done_grace if args.until_done else None)
    if "screen" in details and not args.quiet:
        print(f"{prefix}[qemu.py] the VGA text screen when last read:")
        print("\n".join(prefix + "| " + row for row in details["screen"].split("\n")))
    print_verdict(details)
    return 0 if verdict == "pass" else 1


def cmd_bench(args, boot):
    """A test boot with instruction counting; only the BENCH lines unless --verbose."""
    boot.icount = True
    if boot.cmdline is None:
        boot.cmdline = "bench"
    echo = (lambda line: print(line, flush=True)) if args.verbose else None
    verdict, details, watcher = run_test(boot, (), args.reject, args.timeout, echo,
                                         args.show_command)
    bench_lines = [l for l in watcher.lines if l.startswith("BENCH")]
    if not args.verbose:
        if verdict != "pass":
            print("\n".join(watcher.lines))     # the whole story when it went wrong
        else:
            print("\n".join(bench_lines))
    if verdict == "pass" and not bench_lines:
        details["verdict"], details["reason"] = "fail", "the guest printed no BENCH line"
        verdict = "fail"
    print_verdict(details)
    return 0 if verdict == "pass" else 1


def cmd_run(args, boot):
    """Interactive: the terminal is the serial console, QEMU's monitor multiplexed in."""
    check_host(boot)
    boot.serial, boot.monitor = "mon:stdio", "none"
    with tempfile.TemporaryDirectory(prefix="arc-qemu-") as tmp:
        boot.override_disk = write_override_disk(boot, tmp)
        argv = qemu_command(boot)
        if args.show_command:
            print("+ " + " ".join(argv), file=sys.stderr)
        print("arc: serial console; Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor",
              file=sys.stderr)
        status = subprocess.call(argv)
    verdict, reason = describe_exit(status)
    if status == 0:
        reason = "QEMU quit"
    print(f"\narc: {reason}", file=sys.stderr)
    return 0 if verdict == "pass" or status == 0 else 1


def restore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cmd_debug(args, boot):
    """QEMU halted at the first instruction with a gdb stub; gdb in the foreground."""
    check_host(boot)
    if not shutil.which("gdb"):
        raise HarnessError("gdb not found: run tools/arc setup")
    symbols = Path(args.symbols)
    if not symbols.is_file():
        raise HarnessError(f"{symbols} not found: run tools/arc build")
    log = Path(args.serial_log)
    log.parent.mkdir(parents=True, exist_ok=True)
    boot.gdb_port = args.gdb_port
    boot.serial = f"file:{log}"
    with tempfile.TemporaryDirectory(prefix="arc-qemu-") as tmp:
        boot.override_disk = write_override_disk(boot, tmp)
        argv = qemu_command(boot)
        if args.show_command:
            print("+ " + " ".join(argv), file=sys.stderr)
        print(f"arc: serial output goes to {log} (tail -f it); quit gdb to stop QEMU",
              file=sys.stderr)
        # Ctrl-C in gdb interrupts the guest; in its own session QEMU does not get it.
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True)
        gdb = ["gdb", "-q", str(symbols), "-ex", f"target remote 127.0.0.1:{args.gdb_port}"]
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)    # nor do we
        try:
            status = subprocess.call(gdb, preexec_fn=restore_sigint)
        finally:
            signal.signal(signal.SIGINT, old)
            stop(proc)
    return status


def disk_option(text):
    number, _, path = text.partition("=")
    if number not in ("1", "2", "3") or not path:
        raise argparse.ArgumentTypeError(f"{text!r}: N=PATH with N 1, 2 or 3")
    return int(number), Path(path)


def add_boot_options(p):
    p.add_argument("--image", type=Path, default=DEFAULT_IMAGE,
                   help="disk image (default: build/arc.img)")
    p.add_argument("--root", help="boot module that becomes the root task (default art)")
    p.add_argument("--cmdline", help="kernel command line, e.g. 'test=ipc_payload'")
    p.add_argument("-m", "--memory", type=int, default=128, help="guest memory in MiB")
    p.add_argument("--icount", action="store_true",
                   help="-icount shift=0: rdtsc counts guest instructions")
    p.add_argument("--parallel-file", type=Path, help="capture the printer port into a file")
    p.add_argument("--audio-file", type=Path,
                   help="add a Sound Blaster 16 and capture what it plays into a WAV file")
    p.add_argument("--screendump", type=Path, metavar="PATH",
                   help="test: the display's picture (PPM) into PATH once every step is done "
                        "(with --until-done)")
    p.add_argument("--disk", action="append", default=[], type=disk_option, metavar="N=PATH",
                   help="attach PATH as Arc's disk N (1 primary slave, 2 secondary master, "
                        "3 secondary slave), written in place")
    p.add_argument("--direct", nargs="?", const=DEFAULT_BOOT_FOLDER, type=Path, metavar="FOLDER",
                   help="QEMU loads the kernel and modules itself from FOLDER (default "
                        "build/target/sysroot/boot), not GRUB from the image: faster to the prompt")
    p.add_argument("--show-command", action="store_true", help="print QEMU's command line")
    p.add_argument("qemu_args", nargs="*", metavar="-- QEMU-ARGS",
                   help="extra QEMU flags, after `--`")


class StepAction(argparse.Action):
    """Appends (kind, value) to args.steps, so that --expect, --input, --keys and
    --expect-screen stay in the order they were given."""

    def __init__(self, option_strings, dest, const, **kwargs):
        super().__init__(option_strings, "steps", nargs=None, const=const,
                         default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        namespace.steps = list(getattr(namespace, "steps", [])) + [(self.const, values)]


def parse_args(argv):
    p = argparse.ArgumentParser(description="Boot Arc in QEMU.")
    sub = p.add_subparsers(dest="mode", required=True)

    run = sub.add_parser("run", help="serial console on this terminal")
    add_boot_options(run)
    run.add_argument("--snapshot", action="store_true", help="do not write to the image")

    test = sub.add_parser("test", help="boot, check the output, print a verdict")
    add_boot_options(test)
    # The script: these four keep their command-line order in args.steps.
    test.set_defaults(steps=[])
    test.add_argument("--expect", action=StepAction, const="expect", metavar="REGEX",
                      help="wait for a line (or a prompt: a partial line after a quiet "
                           "moment) matching REGEX (repeatable, in order)")
    test.add_argument("--input", action=StepAction, const="input", metavar="TEXT",
                      help="then type TEXT on the serial line (escapes \\n \\r \\t "
                           "\\\\ \\xHH)")
    test.add_argument("--keys", action=StepAction, const="keys", metavar="TEXT",
                      help="then type TEXT on the PS/2 keyboard (QMP send-key); {ctrl-c}, "
                           "{up}, {shift-a}: keys pressed together; {{ a brace")
    test.add_argument("--expect-screen", action=StepAction, const="screen", metavar="REGEX",
                      help="wait for the VGA text screen (25 lines of 80, re.MULTILINE) "
                           "to match REGEX")
    test.add_argument("--until-done", action="store_true",
                      help="pass once every step is done (and stop QEMU): for a system "
                           "that does not leave QEMU by itself, e.g. the shell")
    test.add_argument("--done-grace", type=float, default=DONE_GRACE_SECONDS, metavar="SECONDS",
                      help="with --until-done: how long to keep watching for rejected lines "
                           f"after the last step (default {DONE_GRACE_SECONDS})")
    test.add_argument("--reject", action="append", default=[], metavar="REGEX",
                      help="a line that fails the test at once (repeatable)")
    test.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    test.add_argument("--prefix", default="", help="put before each line of guest output")
    test.add_argument("--quiet", action="store_true", help="do not print guest output")

    bench = sub.add_parser("bench", help="instruction-counted boot, print BENCH lines")
    add_boot_options(bench)
    bench.add_argument("--reject", action="append", default=["PANIC"], metavar="REGEX")
    bench.add_argument("--timeout", type=float, default=300.0)
    bench.add_argument("--verbose", action="store_true", help="print all guest output")

    debug = sub.add_parser("debug", help="QEMU with a gdb stub, gdb attached")
    add_boot_options(debug)
    debug.add_argument("--symbols", default=str(DEFAULT_SYMBOLS),
                       help="kernel ELF with symbols")
    debug.add_argument("--gdb-port", type=int, default=1234)
    debug.add_argument("--serial-log", default=str(ROOT / "build" / "debug-serial.log"))

    return p.parse_args(argv)


def boot_from_args(args):
    return Boot(image=args.image, root=args.root, cmdline=args.cmdline,
                memory_mib=args.memory, icount=args.icount,
                snapshot=args.snapshot if args.mode == "run" else True,
                parallel_file=args.parallel_file, audio_file=args.audio_file, screendump=args.screendump,
                disks=args.disk, boot_folder=args.direct,
                extra=args.qemu_args)


def main(argv=None):
    args = parse_args(argv)
    handlers = {"run": cmd_run, "test": cmd_test, "bench": cmd_bench, "debug": cmd_debug}
    try:
        return handlers[args.mode](args, boot_from_args(args))
    except HarnessError as e:
        print(f"qemu.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
