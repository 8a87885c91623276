#!/usr/bin/env python3
"""Build build/arc.img: a raw hard disk that boots Arc through GRUB.

Layout (512-byte sectors):

    LBA 0         MBR: GRUB's boot.img (first 440 bytes) + the partition table
    LBA 1..       GRUB core.img (diskboot.img + the GRUB kernel with its modules)
    LBA 2048..    partition 1, ext2: /boot/grub/grub.cfg, /boot/kernel, /boot/sigma0,
                  /boot/ktest, /boot/ramfs ... and /system (everything under sysroot/system)

Nothing here needs root, a loop device or a mount: sfdisk writes the partition table
into the file, mke2fs -d populates the file system in place at an offset, and the
GRUB boot sectors are patched in by hand because grub-bios-setup refuses a plain file
(it cannot probe the root device). The patching follows what grub-bios-setup does for
a hard disk; docs/build.md explains each field.

The image is reproducible: fixed disk id, UUID and hash seed, every timestamp set to
SOURCE_DATE_EPOCH (or a fixed default), files owned by root.
"""

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

SECTOR = 512
PARTITION_START = 2048              # LBA of partition 1 (1 MiB): leaves the gap for core.img
DEFAULT_SIZE_MIB = 64
GRUB_DIR = Path("/usr/lib/grub/i386-pc")
GRUB_PREFIX = "(hd0,msdos1)/boot/grub"
DEFAULT_EPOCH = 946684800           # 2000-01-01 UTC, when SOURCE_DATE_EPOCH is unset

# The per-boot override disk that tools/qemu.py attaches as (hd1): grub.cfg sources
# this many sectors from its start.
OVERRIDE_SECTORS = 4

# Fixed identities so that the same inputs give the same bytes.
DISK_ID = 0x41524331                # "ARC1" in the MBR disk signature
FS_UUID = "a2c00000-0000-4000-8000-000000000001"
FS_HASH_SEED = "a2c00000-0000-4000-8000-000000000002"
FS_LABEL = "arc"

# GRUB modules built into core.img. There is no /boot/grub/i386-pc on the disk, so
# everything grub.cfg uses must be here.
GRUB_MODULES = [
    "biosdisk", "part_msdos", "ext2",          # find and read the partition
    "normal", "configfile",                    # grub.cfg; configfile also provides `source`
    "serial", "terminal", "terminfo",          # menu and messages on COM1
    "multiboot",                               # multiboot, module
    "test", "echo", "cat", "ls",               # the override guard; debugging at the prompt
    "halt", "reboot", "sleep",
]

# Offsets fixed by GRUB's i386-pc boot code (include/grub/i386/pc/boot.h).
MBR_CODE_SIZE = 440                 # boot.img code; the disk id and partition table follow
MBR_KERNEL_SECTOR = 0x5C            # 8 bytes LE: LBA of core.img's first sector
MBR_DRIVE_CHECK = 0x66              # 2-byte jmp that grub-bios-setup turns into nops on disks
BLOCKLIST_OFFSET = SECTOR - 12      # first blocklist entry of diskboot.img
CORE_LOAD_SEGMENT = 0x820           # where diskboot.img loads the rest of core.img

# Files the disk carries beside /boot and /system (/docs/readme.txt).
GUEST_FILES = Path(__file__).resolve().parent / "guest-files"
REQUIRED_TOOLS = ["grub-mkimage", "sfdisk", "mke2fs", "e2fsck", "debugfs"]


class ImageError(Exception):
    pass


def find_tool(name):
    """Path of a host tool; the sbin folders count too, they are not on every PATH."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not path:
        raise ImageError(f"{name} not found: run tools/arc setup")
    return path


def run(argv, env=None, **kwargs):
    """Run a tool; on failure raise with its output, which is quiet otherwise."""
    full_env = dict(os.environ, **(env or {}))
    result = subprocess.run(argv, env=full_env, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise ImageError(f"{' '.join(map(str, argv))} failed ({result.returncode}):\n"
                         f"{result.stdout}{result.stderr}")
    return result


def render_grub_cfg(template):
    return (template.read_text()
            .replace("@OVERRIDE_SECTORS@", str(OVERRIDE_SECTORS)))


def default_root(grub_cfg_text):
    """The module a plain boot starts as the root task (grub.cfg's `set arc_root=`)."""
    match = re.search(r"^set arc_root=(\S+)$", grub_cfg_text, re.MULTILINE)
    if not match:
        raise ImageError("grub.cfg template has no `set arc_root=NAME` line")
    return match.group(1)


def boot_files(grub_cfg_text):
    """The files of /boot that a plain boot loads: every `multiboot /boot/NAME` and
    `module /boot/NAME` line of grub.cfg, with $arc_root at its default."""
    root = default_root(grub_cfg_text)
    names = re.findall(r"^\s*(?:multiboot|module)\s+/boot/(\S+)", grub_cfg_text, re.MULTILINE)
    if not names:
        raise ImageError("grub.cfg template loads nothing from /boot")
    return [name.replace("$arc_root", root) for name in names]


def stage_tree(sysroot, grub_cfg_text, stage, epoch):
    """Copy sysroot/{boot,system} and tools/guest-files into STAGE, with /tmp, and
    normalised modes and times.

    mke2fs -d copies modes, owners and times from the files it reads, so normalising
    them here is what makes the file system reproducible.
    """
    boot = sysroot / "boot"
    for name in boot_files(grub_cfg_text):
        if not (boot / name).is_file():
            how = ("tools/mkramfs.py makes it; the image target runs it" if name == "ramfs"
                   else "build the target tree first (tools/arc build)")
            raise ImageError(f"{boot / name} is missing: {how}")
    shutil.copytree(boot, stage / "boot")
    if (sysroot / "system").is_dir():
        shutil.copytree(sysroot / "system", stage / "system")
    else:
        (stage / "system").mkdir()
    (stage / "boot" / "grub").mkdir(exist_ok=True)
    (stage / "boot" / "grub" / "grub.cfg").write_text(grub_cfg_text)
    shutil.copytree(GUEST_FILES, stage, dirs_exist_ok=True)
    (stage / "tmp").mkdir()

    for path in [stage, *stage.rglob("*")]:
        if path.is_symlink():
            continue
        if path == stage / "tmp":
            path.chmod(0o1777)              # anyone may write, as /tmp is
        elif path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if os.access(path, os.X_OK) else 0o644)
        os.utime(path, (epoch, epoch))


def build_core_img(grub_dir, work):
    """grub-mkimage: diskboot.img + GRUB kernel + modules, padded to whole sectors."""
    core = work / "core.img"
    run([find_tool("grub-mkimage"), "-O", "i386-pc", "-d", str(grub_dir),
         "-p", GRUB_PREFIX, "-o", str(core), *GRUB_MODULES])
    data = core.read_bytes()
    if len(data) % SECTOR:
        data += bytes(SECTOR - len(data) % SECTOR)
    sectors = len(data) // SECTOR
    if 1 + sectors > PARTITION_START:
        raise ImageError(f"core.img has {sectors} sectors, more than the "
                         f"{PARTITION_START - 1} before the partition")
    return bytearray(data)


def patch_core_blocklist(core):
    """Tell diskboot.img where the rest of core.img is: LBA 2 onwards, right after it."""
    sectors = len(core) // SECTOR
    struct.pack_into("<QHH", core, BLOCKLIST_OFFSET, 2, sectors - 1, CORE_LOAD_SEGMENT)


def make_mbr(grub_dir, old_mbr):
    """boot.img's code in front of the partition table sfdisk wrote."""
    boot = (grub_dir / "boot.img").read_bytes()
    mbr = bytearray(old_mbr)
    mbr[:MBR_CODE_SIZE] = boot[:MBR_CODE_SIZE]
    struct.pack_into("<Q", mbr, MBR_KERNEL_SECTOR, 1)
    # As grub-bios-setup does for a hard disk: trust %dl only if it names a disk.
    mbr[MBR_DRIVE_CHECK:MBR_DRIVE_CHECK + 2] = b"\x90\x90"
    return mbr


def partition(image):
    script = (f"label: dos\nlabel-id: {DISK_ID:#x}\nunit: sectors\n"
              f"start={PARTITION_START}, type=83, bootable\n")
    run([find_tool("sfdisk"), "--no-reread", "--no-tell-kernel", "-q", str(image)],
        input=script)


def make_filesystem(image, stage, size_bytes, epoch):
    offset = PARTITION_START * SECTOR
    size_kib = (size_bytes - offset) // 1024
    # Every choice spelled out, so the host's mke2fs.conf does not matter.
    run([find_tool("mke2fs"), "-q", "-F", "-t", "ext2",
         "-b", "1024", "-I", "128", "-i", "4096", "-m", "0",
         "-O", "none,sparse_super,large_file,filetype",
         "-L", FS_LABEL, "-U", FS_UUID,
         "-E", f"offset={offset},root_owner=0:0,hash_seed={FS_HASH_SEED}",
         "-d", str(stage), str(image), f"{size_kib}k"],
        env={"E2FSPROGS_FAKE_TIME": str(epoch), "MKE2FS_CONFIG": "/dev/null"})
    normalise_inodes(image, stage, offset, epoch)


def normalise_inodes(image, stage, offset, epoch):
    """What mke2fs -d copies from the staged files and no utime() can fix: the owner
    (the builder's uid, where Arc's files belong to root) and the inode change time
    (the moment of staging). debugfs sets both on every inode it created."""
    cmds = []
    for path in [stage, *sorted(stage.rglob("*"))]:
        rel = "/" if path == stage else "/" + path.relative_to(stage).as_posix()
        cmds += [f'sif "{rel}" {name} {value}'
                 for name, value in (("uid", 0), ("gid", 0), ("ctime", f"@{epoch}"))]
    script = Path(stage.parent, "normalise.debugfs")
    script.write_text("\n".join(cmds) + "\n")
    result = run([find_tool("debugfs"), "-w", "-f", str(script), f"{image}?offset={offset}"],
                 env={"E2FSPROGS_FAKE_TIME": str(epoch)})
    # debugfs reports a failed request on stderr and still exits 0; its banner is fine.
    errors = [l for l in result.stderr.splitlines()
              if l.strip() and not l.startswith("debugfs ")]
    if errors:
        raise ImageError("debugfs: " + "\n".join(errors))


def check_filesystem(image):
    run([find_tool("e2fsck"), "-fn", f"{image}?offset={PARTITION_START * SECTOR}"])


def build_image(sysroot, output, size_mib, grub_dir, grub_cfg, epoch):
    for tool in REQUIRED_TOOLS:
        find_tool(tool)
    for name in ("boot.img", "diskboot.img", "kernel.img"):
        if not (grub_dir / name).is_file():
            raise ImageError(f"{grub_dir / name} not found (package grub-pc-bin): "
                             "run tools/arc setup")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="arc-image-") as tmp:
        work = Path(tmp)
        stage = work / "root"
        stage.mkdir()
        stage_tree(sysroot, render_grub_cfg(grub_cfg), stage, epoch)

        # Build next to the output and rename at the end, so that a failed build never
        # leaves a half-made image behind.
        partial = output.with_name(output.name + ".partial")
        try:
            write_image(partial, stage, work, size_mib * 1024 * 1024, grub_dir, epoch)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)


def write_image(image, stage, work, size, grub_dir, epoch):
    with open(image, "wb") as f:
        f.truncate(size)                              # sparse
    partition(image)
    make_filesystem(image, stage, size, epoch)
    check_filesystem(image)

    core = build_core_img(grub_dir, work)
    patch_core_blocklist(core)
    with open(image, "r+b") as f:
        mbr = make_mbr(grub_dir, f.read(SECTOR))
        f.seek(0)
        f.write(mbr)
        f.seek(SECTOR)
        f.write(core)


def parse_args(argv):
    here = Path(__file__).resolve().parent
    p = argparse.ArgumentParser(description="Build Arc's bootable disk image.")
    p.add_argument("--sysroot", type=Path, required=True,
                   help="staged target files: SYSROOT/boot and SYSROOT/system")
    p.add_argument("--output", type=Path, required=True, help="image file to write")
    p.add_argument("--size", type=int, default=DEFAULT_SIZE_MIB, help="image size in MiB")
    p.add_argument("--grub-dir", type=Path, default=GRUB_DIR,
                   help="GRUB i386-pc files (default %(default)s)")
    p.add_argument("--grub-cfg", type=Path, default=here / "grub.cfg",
                   help="grub.cfg template")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    try:
        build_image(args.sysroot, args.output, args.size, args.grub_dir, args.grub_cfg, epoch)
    except ImageError as e:
        print(f"mkimage: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
