"""What one experiment of the campaign does in the guest, and how its output is
judged outside it (docs/campaign.md).

A workload starts drivers, types commands into the shell, and leaves evidence
that QEMU recorded on the host: the ext2 disk, the sound the Sound Blaster
played, the bytes printed on the parallel port, the screen. Each target is
exercised by the workload that goes through it:

  play   (pata, ext2, audio)  004 section 5.2.4: fscheck writes, patches, renames,
                              removes and reads files on ext2 over pata; then
                              wavplay reads a WAV file from that disk and plays it.
  print  (parallel)           fscheck, then lpr prints a text file from the disk.
  draw   (vbe)                gfxdemo animates frames with page flipping and keeps
                              the last one on the screen.

A judge returns the problems it found with the output: none means the output
is right.
"""
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "system" / "display"))
sys.path.insert(0, str(ROOT / "tests" / "system" / "parallel"))
from ext2_host import fsck, fscheck_mismatches, tool  # noqa: E402
from display_test import judge_screen  # noqa: E402
from parallel_test import judge_exact  # noqa: E402

COMPARE_WAV = ROOT / "tests" / "system" / "audio" / "compare_wav.py"
# The sound the play workload plays: made at build time (applications/wavplay).
SOUND = ROOT / "build" / "target" / "sysroot" / "system" / "sounds" / "test.wav"
# gfxdemo's frames drawn on the host (tools/frame).
FRAME_TOOL = ROOT / "build" / "tools" / "frame-tool"

WORKLOAD_END = "campaign: workload ended"
FSCHECK_ROUNDS = 20
FSCHECK_RIGHT = re.compile(r"^fscheck: \d+ rounds, .*every byte right")
WAVPLAY_DONE = re.compile(r"^wavplay: ext2:/sound\.wav: \d+ bytes .* played on audio")
PRINT_TEXT = "".join(f"{n:03d} Arc prints this line on LPT1 while the campaign's faults run.\n"
                     for n in range(24)).encode()
DRAW_FRAMES = 16
# gfxdemo's last line: its last frame, or (a lower-case word after its name)
# the error that ended it. Background output follows the prompt: no ^.
DRAW_DONE = rf"gfxdemo: (frame {DRAW_FRAMES - 1} of {DRAW_FRAMES} shown|[a-z])"


@dataclass(frozen=True)
class Driver:
    name: str
    command: str        # typed into msh; runs in the background
    ready: str          # regex of the line that says it serves

    def started(self):
        """Its ready line, a complaint of its own, or its P3 having detected a failure
        (a restart during its start may come back without the ready line, which
        belongs to the code before its main loop)."""
        after_prompt = r"^(msh% )*"          # background output follows the shell's prompt
        return (rf"{self.ready}|{after_prompt}{self.name}: |"
                rf"{after_prompt}p3: {self.name} \(pid \d+\): .*(restart|not restarted.*)$")


PATA = Driver("pata", "ram:pata 2 &", r"pata: disk 2 ")
EXT2 = Driver("ext2", "ram:ext2 pata2 &", r"ext2: pata2 mounted")
AUDIO = Driver("audio", "ram:audio &", r"ready, as audio$")
PARALLEL = Driver("parallel", "ram:parallel &", r"LPT1 ready, as lpt$")
VBE = Driver("vbe", "ram:vbe &", r"vbe: Bochs VBE ")


@dataclass
class Evidence:
    """What QEMU recorded outside the guest during one experiment."""
    log: str
    disk: Path | None = None
    sound: Path | None = None
    printout: Path | None = None
    screen: Path | None = None


@dataclass(frozen=True)
class Workload:
    name: str
    drivers: tuple
    steps: tuple                       # (typed, expected regex) after the drivers are up
    judges: tuple                      # functions Evidence -> [problems]
    captures: frozenset = field(default_factory=frozenset)   # "disk", "sound", "printout", "screen"
    qemu_flags: tuple = ()

    def shell_steps(self):
        """qemu.py test's --input/--expect script: drivers, then the workload."""
        steps = []
        for d in self.drivers:
            steps += ["--input", d.command + "\r", "--expect", d.started()]
        for typed, expected in self.steps:
            steps += ["--input", typed + "\r", "--expect", expected]
        return steps


# --- judges ------------------------------------------------------------------------

def fsck_finding(report):
    """The first thing e2fsck found, not its pass headings."""
    lines = [l for l in report.splitlines() if l.strip() and not re.match(r"^Pass \d", l)]
    return lines[0] if lines else ""


def judge_files(ev):
    """fscheck's files are on the disk as it listed them, and e2fsck is content."""
    if not any(FSCHECK_RIGHT.match(l) for l in ev.log.splitlines()):
        return ["fscheck did not find every byte right"]
    problems, checked = fscheck_mismatches(ev.disk, ev.log)
    if checked == 0:
        problems.append("fscheck printed no file lines")
    code, report = fsck(ev.disk)
    if code != 0:
        problems.append(f"e2fsck -fn exits {code}: {fsck_finding(report)}")
    return problems


def judge_sound(ev):
    """The sound the card played is the file's, every frame once and in order."""
    if not any(WAVPLAY_DONE.match(l) for l in ev.log.splitlines()):
        return ["wavplay did not play the sound"]
    if not ev.sound.exists():
        return ["QEMU captured no sound"]
    run = subprocess.run([sys.executable, str(COMPARE_WAV), str(ev.sound), str(SOUND)], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    return [] if run.returncode == 0 else [f"the sound: {run.stdout.strip().splitlines()[-1]}"]


def judge_printout(ev):
    """The printer got the file, every byte once."""
    captured = ev.printout.read_bytes() if ev.printout.exists() else b""
    return judge_exact(captured, PRINT_TEXT)


def judge_screen_shown(ev):
    """The screen shows the demo's last frame, every pixel."""
    if not FRAME_TOOL.exists():
        return [f"{FRAME_TOOL} is missing (tools/arc build)"]
    problems, _ = judge_screen(ev.log, ev.screen, FRAME_TOOL)
    return problems


# --- the workloads -----------------------------------------------------------------

FSCHECK = f"ram:fscheck --dir=ext2:/w {FSCHECK_ROUNDS}"

PLAY = Workload(
    "play", (PATA, EXT2, AUDIO),
    ((f"{FSCHECK}; ram:wavplay ext2:/sound.wav; echo {WORKLOAD_END}", f"^{WORKLOAD_END}$"),),
    (judge_files, judge_sound), frozenset({"disk", "sound"}))

PRINT = Workload(
    "print", (PATA, EXT2, PARALLEL),
    ((f"{FSCHECK}; lpr ext2:/print.txt; echo {WORKLOAD_END}", f"^{WORKLOAD_END}$"),),
    (judge_files, judge_printout), frozenset({"disk", "printout"}))

DRAW = Workload(
    "draw", (VBE,),
    ((f"ram:gfxdemo --frame-ms=5 640 480 32 {DRAW_FRAMES} &", DRAW_DONE),
     (f"echo {WORKLOAD_END}", f"^{WORKLOAD_END}$")),
    (judge_screen_shown,), frozenset({"screen"}), ("-vga", "std"))

WORKLOADS = {"pata": PLAY, "ext2": PLAY, "audio": PLAY, "parallel": PRINT, "vbe": DRAW}


def make_disk(work):
    """A fresh ext2 disk (Arc's disk 2) holding the sound and the text to print."""
    tree = work / "tree"
    tree.mkdir()
    (tree / "sound.wav").write_bytes(SOUND.read_bytes())
    (tree / "print.txt").write_bytes(PRINT_TEXT)
    disk = work / "disk.img"
    subprocess.run([tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "1024", "-d", str(tree), str(disk), "16M"],
                   check=True)
    return disk
