"""tools/mkramfs.py's own checks: what it refuses, what it warns about, --list.
(The archives it writes are checked by the C++ reader in ramfs_test.cc.)"""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

MKRAMFS = os.environ.get("ARC_MKRAMFS") or str(Path(__file__).resolve().parents[3] / "tools" / "mkramfs.py")


class Mkramfs(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="mkramfs-test-")
        self.dir = Path(self.tmp.name)
        (self.dir / "system").mkdir()
        (self.dir / "system" / "hello").write_bytes(b"hello\n")

    def tearDown(self):
        self.tmp.cleanup()

    def run_tool(self, *args):
        return subprocess.run([sys.executable, MKRAMFS, *args], cwd=self.dir,
                              capture_output=True, text=True)

    def build(self, *args):
        return self.run_tool("--output", "out", *args)

    def assert_refused(self, result, text):
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(text, result.stderr)
        self.assertFalse((self.dir / "out").exists(), "a refused archive must not be written")
        self.assertFalse((self.dir / "out.partial").exists())

    def test_builds_and_lists(self):
        (self.dir / "system" / "data").mkdir()
        (self.dir / "system" / "data" / "a.txt").write_bytes(b"x" * 20)
        result = self.build("--tree", "system")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        listing = self.run_tool("--list", "out")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        lines = [line.split() for line in listing.stdout.splitlines()]
        self.assertEqual([(l[0], l[1], l[3]) for l in lines],
                         [("dir", "0", "data"), ("file", "20", "data/a.txt"), ("file", "6", "hello")])

    def test_header_fields(self):
        self.assertEqual(self.build("--tree", "system").returncode, 0)
        blob = (self.dir / "out").read_bytes()
        self.assertEqual(blob[:8], b"ARCRAMFS")
        self.assertEqual(int.from_bytes(blob[8:12], "little"), 1)       # version
        self.assertEqual(int.from_bytes(blob[12:16], "little"), 1)      # one entry
        self.assertEqual(int.from_bytes(blob[16:20], "little"), 80)     # entry size
        self.assertEqual(int.from_bytes(blob[20:24], "little"), len(blob))
        self.assertEqual(len(blob), 32 + 80 + 6)                        # data right after the table

    def test_named_file_in_a_new_folder(self):
        (self.dir / "policy").write_text("x\n")
        result = self.build("--tree", "system", "etc/policy=policy")
        self.assertEqual(result.returncode, 0, result.stderr)
        names = [l.split()[3] for l in self.run_tool("--list", "out").stdout.splitlines()]
        self.assertEqual(names, ["etc", "etc/policy", "hello"])

    def test_missing_optional_file_is_a_warning(self):
        result = self.build("--tree", "system", "--optional", "policy=no/such/policy")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("mkramfs: warning: no/such/policy not found; 'policy' left out", result.stderr)

    def test_missing_required_file_is_an_error(self):
        self.assert_refused(self.build("--tree", "system", "policy=no/such/policy"),
                            "mkramfs: no/such/policy: no such file")

    def test_missing_tree_is_an_error(self):
        self.assert_refused(self.build("--tree", "nothing"), "nothing is not a folder")

    def test_duplicate_names_are_refused(self):
        (self.dir / "other").write_bytes(b"other")
        self.assert_refused(self.build("--tree", "system", "hello=other"), "'hello' is given twice")

    def test_file_where_a_folder_is_needed_is_refused(self):
        (self.dir / "other").write_bytes(b"other")
        self.assert_refused(self.build("--tree", "system", "hello/x=other"), "'hello' is a file already")

    def test_bad_names_are_refused(self):
        (self.dir / "f").write_bytes(b"")
        for name, why in [("a b", "character outside"), ("caf\u00e9", "character outside"),
                          ("tab\tx", "character outside"), ("a" * 64, "longer than 63"),
                          ("a//b", "empty, '.' or '..'"), ("./a", "empty, '.' or '..'"),
                          ("a/..", "empty, '.' or '..'"), ("a/", "empty, '.' or '..'")]:
            with self.subTest(name=name):
                self.assert_refused(self.build(f"{name}=f"), why)

    def test_longest_name_is_accepted(self):
        (self.dir / "f").write_bytes(b"")
        self.assertEqual(self.build(f"{'a' * 63}=f").returncode, 0)

    def test_list_refuses_garbage(self):
        (self.dir / "junk").write_bytes(b"not an archive at all, but long enough")
        result = self.run_tool("--list", "junk")
        self.assertEqual(result.returncode, 1)
        self.assertIn("not an Arc ram archive", result.stderr)

    def test_output_or_list_is_required(self):
        self.assertEqual(self.run_tool("--tree", "system").returncode, 2)


if __name__ == "__main__":
    unittest.main()
