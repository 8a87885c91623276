"""Host tests of tools/qemu.py's test script: escapes, keys, the screen decoder, and the
Watcher playing a conversation against a fake guest (no QEMU here; test_qemu_boot.py
boots a real one)."""

import re
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import qemu  # noqa: E402


class FakeGuest:
    """Records what the script does; serves screens from a list."""

    def __init__(self, screens=()):
        self.actions = []
        self.screens = list(screens)

    def send_input(self, data):
        self.actions.append(("input", data))

    def send_keys(self, combos):
        self.actions.append(("keys", combos))

    def screen(self):
        return self.screens.pop(0) if self.screens else None


def watcher(steps, reject=(), screens=()):
    w = qemu.Watcher(steps, reject, echo=None, guest=FakeGuest(screens))
    w.start()
    return w


class EscapeTest(unittest.TestCase):
    def test_named_escapes(self):
        self.assertEqual(qemu.decode_escapes(r"a\nb\rc\td\\e", "--input"), b"a\nb\rc\td\\e")

    def test_hex_escapes(self):
        self.assertEqual(qemu.decode_escapes(r"\x1b[A\x7F\x00", "--input"), b"\x1b[A\x7f\x00")

    def test_other_characters_are_utf8(self):
        self.assertEqual(qemu.decode_escapes("é", "--input"), "é".encode())

    def test_unknown_escape_is_an_error(self):
        with self.assertRaisesRegex(qemu.HarnessError, r"unknown escape '\\q'"):
            qemu.decode_escapes(r"a\q", "--input")

    def test_short_hex_escape_is_an_error(self):
        with self.assertRaises(qemu.HarnessError):
            qemu.decode_escapes(r"\x4", "--input")

    def test_trailing_backslash_is_an_error(self):
        with self.assertRaises(qemu.HarnessError):
            qemu.decode_escapes("a\\", "--input")


class KeysTest(unittest.TestCase):
    def test_letters_digits_and_shift(self):
        self.assertEqual(qemu.parse_keys("aZ9"), [["a"], ["shift", "z"], ["9"]])

    def test_symbols_on_a_us_keyboard(self):
        self.assertEqual(qemu.parse_keys(" -_:|"),
                         [["spc"], ["minus"], ["shift", "minus"], ["shift", "semicolon"],
                          ["shift", "backslash"]])

    def test_escapes_are_keys(self):
        self.assertEqual(qemu.parse_keys(r"\n\t\x1b\x08"),
                         [["ret"], ["tab"], ["esc"], ["backspace"]])

    def test_named_combinations(self):
        self.assertEqual(qemu.parse_keys("{ctrl-c}{up}{shift_r-a}"),
                         [["ctrl", "c"], ["up"], ["shift_r", "a"]])

    def test_double_brace_is_a_brace(self):
        self.assertEqual(qemu.parse_keys("{{}"), [["shift", "bracket_left"],
                                                  ["shift", "bracket_right"]])

    def test_unknown_key_name(self):
        with self.assertRaisesRegex(qemu.HarnessError, "unknown key 'control'"):
            qemu.parse_keys("{control-c}")

    def test_empty_key_name(self):
        with self.assertRaises(qemu.HarnessError):
            qemu.parse_keys("{}")

    def test_unclosed_brace(self):
        with self.assertRaisesRegex(qemu.HarnessError, "needs its '}'"):
            qemu.parse_keys("{ctrl-c")

    def test_character_without_a_key(self):
        with self.assertRaisesRegex(qemu.HarnessError, "no key types"):
            qemu.parse_keys("é")


class ScreenTest(unittest.TestCase):
    @staticmethod
    def memory(rows):
        """VGA text memory with ROWS written from the top left, grey on black."""
        cells = bytearray(qemu.VGA_COLUMNS * qemu.VGA_ROWS * qemu.VGA_CELL_BYTES)
        for r, text in enumerate(rows):
            for c, byte in enumerate(text):
                at = (r * qemu.VGA_COLUMNS + c) * qemu.VGA_CELL_BYTES
                cells[at], cells[at + 1] = byte, 0x07
        return bytes(cells)

    def test_rows_and_trailing_blanks(self):
        screen = qemu.decode_screen(self.memory([b"msh% ", b"", b"  hello  "]))
        lines = screen.split("\n")
        self.assertEqual(len(lines), qemu.VGA_ROWS)
        self.assertEqual(lines[:3], ["msh%", "", "  hello"])

    def test_nul_is_blank_and_controls_are_pictures(self):
        self.assertEqual(qemu.decode_screen(self.memory([b"a\0b\x01\x0a\xdb"])).split("\n")[0],
                         "a b☺◙█")

    def test_full_row_does_not_run_into_the_next(self):
        screen = qemu.decode_screen(self.memory([b"x" * qemu.VGA_COLUMNS, b"y"]))
        self.assertEqual(screen.split("\n")[:2], ["x" * qemu.VGA_COLUMNS, "y"])

    def test_screen_patterns_are_multiline(self):
        step = qemu.make_step("screen", "^hello$")
        self.assertTrue(step.pattern.search("msh%\nhello\n"))


class ArgumentsTest(unittest.TestCase):
    def test_steps_keep_command_line_order(self):
        args = qemu.parse_args(["test", "--expect", "a", "--input", "b\\n", "--keys", "c",
                                "--expect-screen", "d", "--expect", "e", "--until-done"])
        self.assertEqual(args.steps, [("expect", "a"), ("input", "b\\n"), ("keys", "c"),
                                      ("screen", "d"), ("expect", "e")])
        self.assertTrue(args.until_done)

    def test_no_steps(self):
        self.assertEqual(qemu.parse_args(["test"]).steps, [])

    def test_qmp_socket_on_the_command_line(self):
        boot = qemu.Boot(qmp_socket=Path("/tmp/a,b/qmp.sock"))
        argv = qemu.qemu_command(boot)
        self.assertIn("unix:/tmp/a,,b/qmp.sock,server=on,wait=off", argv)
        self.assertNotIn("-qmp", qemu.qemu_command(qemu.Boot()))

    def test_audio_capture_on_the_command_line(self):
        args = qemu.parse_args(["test", "--audio-file", "/tmp/a,b/sb16.wav"])
        argv = qemu.qemu_command(qemu.boot_from_args(args))
        self.assertIn("wav,id=arcsnd,path=/tmp/a,,b/sb16.wav,out.frequency=22050,out.channels=2,out.format=s16",
                      argv)
        self.assertIn("sb16,audiodev=arcsnd", argv)
        self.assertNotIn("-audiodev", qemu.qemu_command(qemu.Boot()))

    def test_qmp_only_when_the_script_needs_it(self):
        self.assertFalse(qemu.needs_qmp(qemu.make_script(["a", ("input", "b")])))
        self.assertTrue(qemu.needs_qmp(qemu.make_script([("keys", "b")])))
        self.assertTrue(qemu.needs_qmp(qemu.make_script([("screen", "b")])))


class WatcherTest(unittest.TestCase):
    def test_expects_in_order(self):
        w = watcher(["one", "two"])
        w.receive(b"two\none\n")
        self.assertEqual(w.seen, 1)
        w.receive(b"two\n")
        self.assertTrue(w.done)

    def test_one_line_satisfies_consecutive_expects(self):
        w = watcher(["a", "b"])
        w.receive(b"ab\n")
        self.assertTrue(w.done)

    def test_lines_across_chunks_and_carriage_returns(self):
        w = watcher(["^hello world$"])
        w.receive(b"hel")
        w.receive(b"lo world\r")
        self.assertFalse(w.done)
        w.receive(b"\n")
        self.assertTrue(w.done)
        self.assertEqual(w.lines, ["hello world"])

    def test_escape_sequences_are_removed(self):
        w = watcher(["^ok$"])
        w.receive(b"\x1b[2J\x1b[1;1Hok\n")
        self.assertTrue(w.done)

    def test_partial_line_only_when_quiet(self):
        w = watcher(["msh% $"])
        w.receive(b"msh% ")
        self.assertFalse(w.done)
        w.idle()
        self.assertTrue(w.done)

    def test_input_waits_for_the_expects_before_it(self):
        w = watcher(["msh% $", ("input", "ps\\n"), "ps-output"])
        self.assertEqual(w.guest.actions, [])
        w.receive(b"booting\nmsh% ")
        self.assertEqual(w.guest.actions, [])
        w.idle()
        self.assertEqual(w.guest.actions, [("input", b"ps\n")])
        w.receive(b"ps\nps-output\n")
        self.assertTrue(w.done)

    def test_leading_input_is_sent_at_start(self):
        w = watcher([("input", "x"), ("keys", "{ret}"), "y"])
        self.assertEqual(w.guest.actions, [("input", b"x"), ("keys", [["ret"]])])
        self.assertEqual(w.seen, 2)

    def test_echo_on_the_prompt_line_does_not_match_the_next_prompt(self):
        w = watcher(["msh%", ("input", "ps\\n"), "msh%"])
        w.receive(b"msh% ")
        w.idle()
        w.receive(b"ps\n")              # the echo completes the prompt's line
        self.assertFalse(w.done)
        w.receive(b"  1 naming\nmsh% ")
        w.idle()
        self.assertTrue(w.done)

    def test_a_whole_line_may_match_if_it_ends_in_new_output(self):
        w = watcher(["msh% $", ("input", "ps\\n"), "^msh% ps$"])
        w.receive(b"msh% ")
        w.idle()
        w.receive(b"ps\n")
        self.assertTrue(w.done)

    def test_output_received_before_an_action_never_satisfies_later_steps(self):
        w = watcher(["go", ("input", "x"), "after"])
        w.receive(b"go\nafter\naft")    # all of it before the input was sent
        self.assertEqual(w.seen, 2)
        w.receive(b"er\n")              # this line ends after the input
        self.assertTrue(w.done)

    def test_old_output_spanning_several_lines(self):
        w = watcher(["go", ("input", "x"), "late"])
        w.receive(b"go\nlate\nlate\n")
        self.assertFalse(w.done)
        w.receive(b"late\n")
        self.assertTrue(w.done)

    def test_partial_line_offered_once_until_it_grows(self):
        w = watcher(["msh% $", ("input", "a"), "msh% $"])
        w.receive(b"msh% ")
        w.idle()
        w.idle()                        # the same prompt, offered again: not a new prompt
        self.assertEqual(w.seen, 2)
        w.receive(b"a\nmsh% ")
        w.idle()
        self.assertTrue(w.done)

    def test_rejects_on_complete_lines(self):
        w = watcher([], reject=["PANIC", "error$"])
        w.receive(b"all fine\n")
        self.assertIsNone(w.rejected)
        w.receive(b"an error")
        w.idle()                        # still being printed: 'error$' must wait
        self.assertIsNone(w.rejected)
        w.receive(b": none\nPANIC: oops")
        self.assertIsNone(w.rejected)
        w.close()                       # the last line counts when the output ends
        self.assertEqual(w.rejected, ("pattern 'PANIC'", "PANIC: oops"))

    def test_grub_errors_are_rejected(self):
        w = watcher([])
        w.receive(b"error: file `/boot/nope' not found.\n")
        self.assertEqual(w.rejected[0], "a GRUB error")

    def test_screen_step_polls_until_it_matches_then_acts(self):
        w = watcher(["prompt", ("screen", "^msh% $"), ("keys", "a")],
                    screens=["booting", None, "msh%\nmsh% "])
        w.poll_screen()                 # not its turn yet
        self.assertEqual(w.seen, 0)
        w.receive(b"prompt\n")
        self.assertTrue(w.waiting_for_screen)
        w.poll_screen()
        w.poll_screen()                 # QEMU gone for a moment: no screen, no change
        self.assertEqual((w.seen, w.screen), (1, "booting"))
        w.poll_screen()
        self.assertTrue(w.done)
        self.assertEqual(w.guest.actions, [("keys", [["a"]])])

    def test_close_counts_the_last_partial_line(self):
        w = watcher(["^end$"])
        w.receive(b"end")
        w.close()
        self.assertTrue(w.done)
        self.assertEqual(w.lines, ["end"])

    def test_missing_steps_are_described(self):
        w = watcher(["a", ("input", "b\\n"), ("keys", "{up}"), ("screen", "s")])
        self.assertEqual(w.missing, ["a", "--input 'b\\n'", "--keys '{up}'",
                                     "--expect-screen s"])


class JudgeTest(unittest.TestCase):
    def test_until_done(self):
        w = watcher(["a"])
        w.receive(b"a\n")
        self.assertEqual(qemu.judge("done", None, w, 60),
                         ("pass", "every step done (--until-done)"))

    def test_reject_wins_over_done(self):
        w = watcher(["a"], reject=["bad"])
        w.receive(b"a bad\n")
        self.assertEqual(qemu.judge("done", None, w, 60)[0], "fail")

    def test_timeout_names_the_step_waited_for(self):
        w = watcher(["a", ("input", "x"), "b"])
        w.receive(b"a\n")
        verdict, reason = qemu.judge("timeout", None, w, 5)
        self.assertEqual(verdict, "fail")
        self.assertRegex(reason, re.escape("waiting for 'b'"))

    def test_pass_code_with_missing_steps_fails(self):
        w = watcher(["a"])
        self.assertEqual(qemu.judge("exited", qemu.EXIT_PASS, w, 5)[0], "fail")

    def test_pass_code_with_every_step(self):
        w = watcher(["a"])
        w.receive(b"a\n")
        self.assertEqual(qemu.judge("exited", qemu.EXIT_PASS, w, 5)[0], "pass")


if __name__ == "__main__":
    unittest.main()
