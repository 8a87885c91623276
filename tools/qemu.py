#!/usr/bin/env python3
"""Boot Arc's disk image in QEMU: the one place that builds QEMU command lines.

    qemu.py run    serial console on the terminal (Ctrl-A X quits)
    qemu.py test   serial on a pipe, expect/reject patterns, timeout, verdict line
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

Adding a capture (printer port, sound, screendump) means: a field in Boot, its flags in
capture_args(), and the test checking the file after QEMU exits.
"""

import argparse
import json
import os
import re
import selectors
import shutil
import signal
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
DEFAULT_SYMBOLS = ROOT / "build" / "target" / "kernel" / "kernel"
QEMU = "qemu-system-i386"

# isa-debug-exit: QEMU's exit status for each byte the guest may write to port 0xf4.
EXIT_PASS = (0x10 << 1) | 1         # 33
EXIT_FAIL = (0x11 << 1) | 1         # 35
EXIT_PANIC = (0x12 << 1) | 1        # 37

VERDICT_PREFIX = "ARC-VERDICT "
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
    extra: list = field(default_factory=list)
    override_disk: Path | None = None   # written by write_override_disk() before the boot


def override_script(root, cmdline):
    """The GRUB script fragment on the override disk."""
    lines = ["# Arc per-boot settings (tools/qemu.py)"]
    if root is not None:
        if not ROOT_OK.fullmatch(root):
            raise HarnessError(f"--root {root!r}: a boot module name, [A-Za-z0-9_.+-]")
        lines.append(f"set arc_root='{root}'")
    if cmdline is not None:
        if not CMDLINE_OK.fullmatch(cmdline) or any(c in cmdline for c in CMDLINE_BAD_CHARS):
            raise HarnessError(f"--cmdline {cmdline!r}: printable ASCII without quotes "
                               "or backslashes")
        lines.append(f"set arc_cmdline='{cmdline}'")
    text = ("\n".join(lines) + "\n").encode()
    size = mkimage.OVERRIDE_SECTORS * mkimage.SECTOR
    if len(text) > size:
        raise HarnessError(f"per-boot settings exceed {size} bytes")
    # Padding with newlines keeps the whole blocklist a valid (mostly empty) script.
    return text + b"\n" * (size - len(text))


def write_override_disk(boot, directory):
    path = Path(directory) / "arc-override.img"
    path.write_bytes(override_script(boot.root, boot.cmdline))
    return path


def qemu_path(path):
    """A file name inside a QEMU option list, where a comma must be doubled."""
    return str(path).replace(",", ",,")


def disk_args(boot):
    snapshot = ",snapshot=on" if boot.snapshot else ""
    # Boot indexes fix SeaBIOS's drive numbers: the image is (hd0), the override (hd1).
    args = ["-drive", f"file={qemu_path(boot.image)},format=raw,if=none,id=arc{snapshot}",
            "-device", "ide-hd,drive=arc,bus=ide.0,unit=0,bootindex=0"]
    if boot.override_disk:
        args += ["-drive", f"file={qemu_path(boot.override_disk)},format=raw,if=none,id=arcboot,"
                           "readonly=on",
                 "-device", "virtio-blk-pci,drive=arcboot,bootindex=1"]
    return args


def capture_args(boot):
    """What QEMU records outside the guest for a test to judge afterwards."""
    args = []
    if boot.parallel_file:
        # A named chardev: -parallel file:PATH would take a comma in PATH literally.
        args += ["-chardev", f"file,id=arclpt,path={qemu_path(boot.parallel_file)}",
                 "-parallel", "chardev:arclpt"]
    return args


def qemu_command(boot):
    args = [QEMU, "-accel", "tcg", "-m", str(boot.memory_mib), "-no-reboot",
            "-nic", "none",                        # Arc has no network driver
            "-display", boot.display,
            "-serial", boot.serial, "-monitor", boot.monitor,
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
    if boot.icount:
        args += ["-icount", "shift=0"]
    if boot.gdb_port is not None:
        args += ["-gdb", f"tcp:127.0.0.1:{boot.gdb_port}", "-S"]
    args += disk_args(boot) + capture_args(boot)
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


class Watcher:
    """Judges the guest's output line by line: expected patterns in order, rejects."""

    def __init__(self, expect, reject, echo):
        self.expect = [compile_pattern(p) for p in expect]
        # (what to call it in the verdict, regex)
        self.reject = [("a GRUB error", compile_pattern(GRUB_ERRORS))]
        self.reject += [(f"pattern {p!r}", compile_pattern(p)) for p in reject]
        self.echo = echo
        self.seen = 0
        self.rejected = None            # the first line that matched a reject pattern
        self.lines = []

    def feed(self, line):
        self.lines.append(line)
        if self.echo:
            self.echo(line)
        for name, pattern in self.reject:
            if self.rejected is None and pattern.search(line):
                self.rejected = (name, line)
        while self.seen < len(self.expect) and self.expect[self.seen].search(line):
            self.seen += 1

    @property
    def missing(self):
        return [p.pattern for p in self.expect[self.seen:]]


def pump_output(proc, watcher, timeout):
    """Feed QEMU's serial output to WATCHER until QEMU exits, the timeout expires, or a
    rejected line was followed by a short grace period. Returns 'exited' or 'timeout'."""
    deadline = time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    pending = b""
    try:
        while True:
            now = time.monotonic()
            if watcher.rejected is not None:
                deadline = min(deadline, now + REJECT_GRACE_SECONDS)
            if now >= deadline:
                return "timeout"
            if not selector.select(timeout=min(0.5, deadline - now)):
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break                               # QEMU closed its end: it is exiting
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                watcher.feed(clean_line(raw))
    finally:
        selector.close()
        if pending:
            watcher.feed(clean_line(pending))
    try:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return "timeout"
    return "exited"


def stop(proc):
    """End our QEMU (and only it), politely first."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def judge(how, status, watcher, timeout):
    """The verdict of a test boot: every expected line in order, no rejected line, and
    the guest's pass code."""
    if watcher.rejected is not None:
        name, line = watcher.rejected
        return "fail", f"rejected line ({name}): {line.strip()}"
    if how == "timeout":
        return "fail", f"timeout after {timeout:g} s without the guest leaving QEMU"
    verdict, reason = describe_exit(status)
    if verdict == "pass" and watcher.missing:
        return "fail", f"guest reported pass but never printed {watcher.missing[0]!r}"
    return verdict, reason


def run_test(boot, expect=(), reject=(), timeout=60.0, echo=print, verbose_cmd=False):
    """Boot, watch, judge. Returns (verdict, details dict)."""
    check_host(boot)
    watcher = Watcher(expect, reject, echo)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="arc-qemu-") as tmp:
        boot.override_disk = write_override_disk(boot, tmp)
        argv = qemu_command(boot)
        if verbose_cmd:
            print("+ " + " ".join(argv), file=sys.stderr)
        with tempfile.TemporaryFile() as qemu_stderr:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=qemu_stderr)
            try:
                how = pump_output(proc, watcher, timeout)
            finally:
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
        "expected_seen": watcher.seen, "expected_total": len(watcher.expect),
        "missing": watcher.missing, "seconds": round(time.monotonic() - started, 2),
        "root": boot.root, "cmdline": boot.cmdline,
    }
    if qemu_messages:
        details["qemu_stderr"] = qemu_messages
    return verdict, details, watcher


def print_verdict(details):
    if details.get("qemu_stderr"):
        print("qemu: " + details["qemu_stderr"], file=sys.stderr)
    print(VERDICT_PREFIX + json.dumps(details, sort_keys=True), flush=True)


def cmd_test(args, boot):
    prefix = args.prefix
    echo = None if args.quiet else (lambda line: print(prefix + line, flush=True))
    verdict, details, _ = run_test(boot, args.expect, args.reject, args.timeout, echo,
                                   args.show_command)
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


def add_boot_options(p):
    p.add_argument("--image", type=Path, default=DEFAULT_IMAGE,
                   help="disk image (default: build/arc.img)")
    p.add_argument("--root", help="boot module that becomes the root task (default ktest)")
    p.add_argument("--cmdline", help="kernel command line, e.g. 'test=ipc_payload'")
    p.add_argument("-m", "--memory", type=int, default=128, help="guest memory in MiB")
    p.add_argument("--icount", action="store_true",
                   help="-icount shift=0: rdtsc counts guest instructions")
    p.add_argument("--parallel-file", type=Path, help="capture the printer port into a file")
    p.add_argument("--show-command", action="store_true", help="print QEMU's command line")
    p.add_argument("qemu_args", nargs="*", metavar="-- QEMU-ARGS",
                   help="extra QEMU flags, after `--`")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Boot Arc in QEMU.")
    sub = p.add_subparsers(dest="mode", required=True)

    run = sub.add_parser("run", help="serial console on this terminal")
    add_boot_options(run)
    run.add_argument("--snapshot", action="store_true", help="do not write to the image")

    test = sub.add_parser("test", help="boot, check the output, print a verdict")
    add_boot_options(test)
    test.add_argument("--expect", action="append", default=[], metavar="REGEX",
                      help="a line that must appear, in the order given (repeatable)")
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
                parallel_file=args.parallel_file, extra=args.qemu_args)


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
