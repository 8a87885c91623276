"""tools/qemu.py against a real QEMU: a conversation with echo_boot.S, a boot sector that
echoes the serial line, reports key presses and leaves through isa-debug-exit. Skipped
when QEMU, clang or ld.lld is missing."""

import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
import qemu  # noqa: E402

TOOLS = (qemu.QEMU, "clang", "ld.lld")
IMAGE_BYTES = 1 << 20           # a disk of 1 MiB: the boot sector and zeros


@unittest.skipUnless(all(shutil.which(t) for t in TOOLS), f"needs {', '.join(TOOLS)}")
class ConversationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="arc-harness-")
        tmp = Path(cls.tmp.name)
        obj, image = tmp / "echo_boot.o", tmp / "echo_boot.img"
        subprocess.run(["clang", "--target=i386-unknown-none-elf", "-c",
                        str(HERE / "echo_boot.S"), "-o", str(obj)], check=True)
        subprocess.run(["ld.lld", "-Ttext=0x7c00", "-e", "_start", "--oformat", "binary",
                        str(obj), "-o", str(image)], check=True)
        with open(image, "r+b") as f:
            f.truncate(IMAGE_BYTES)
        cls.image = image

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_script(self, steps, timeout=30, until_done=False):
        grace = qemu.DONE_GRACE_SECONDS if until_done else None
        verdict, details, _ = qemu.run_test(qemu.Boot(image=self.image), steps, (), timeout,
                                            echo=None, done_grace=grace)
        return verdict, details

    def test_serial_conversation_with_prompts(self):
        verdict, details = self.run_script([
            "echo> $", ("input", r"hello world\r"), "^echo> hello world$",
            "echo> $", ("input", "q")])
        self.assertEqual(verdict, "pass", details)
        self.assertEqual(details["qemu_exit"], qemu.EXIT_PASS)

    def test_keys_and_screen(self):
        # a, then A (left shift, a), then ctrl-c: make codes 1e 2a 1e 1d 2e.
        verdict, details = self.run_script([
            "echo> $", ("keys", "aA{ctrl-c}"),
            "key 1e", "key 2a", "key 1e", "key 1d", "key 2e",
            ("screen", "^key 2e$"), ("input", "q")])
        self.assertEqual(verdict, "pass", details)

    def test_until_done_without_a_guest_verdict(self):
        # The screen has no trailing blanks: the prompt "echo> " reads "echo>".
        verdict, details = self.run_script([("screen", "^echo>$")], until_done=True)
        self.assertEqual(verdict, "pass", details)
        self.assertIsNone(details["qemu_exit"])

    def test_missing_screen_fails_with_the_last_screen(self):
        verdict, details = self.run_script([("screen", "never there")], timeout=3)
        self.assertEqual(verdict, "fail")
        self.assertIn("waiting for --expect-screen", details["reason"])
        self.assertIn("echo>", details["screen"])

    def test_expect_after_the_guest_left_fails(self):
        verdict, details = self.run_script([("input", "q"), "never printed"])
        self.assertEqual(verdict, "fail")
        self.assertEqual(details["missing"], ["never printed"])


if __name__ == "__main__":
    unittest.main()
