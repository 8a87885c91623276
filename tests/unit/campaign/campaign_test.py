"""The campaign's plan and classifier (tools/campaign.py), on made-up consoles:
each outcome from the evidence 004 section 5.2 names, and the seeds that name
experiments. No QEMU; the system test system.campaign_smoke runs real ones."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools"))
import campaign  # noqa: E402
from campaign_report import rates  # noqa: E402

E = campaign.Experiment(0, "pata", "assignment", 7, 3)
INJECTED = "p3: pata (pid 6): fault 1 of 3 at 0x00001e71: 89 c8 -> 89 c0"
REACHED = "p3: pata (pid 6): fault 1 reached at 0x00001e71"
HOT = "p3: pata (pid 6): page fault at 0x00000000 (read), ip 0x00001e71; hot restart"
END = campaign.WORKLOAD_END
ALIVE = campaign.ALIVE
PASSED = 'ARC-VERDICT {"verdict": "pass", "qemu_exit": null}'


def outcome(lines, problems=()):
    return campaign.classify(E, "\n".join(lines + [PASSED]), list(problems))["outcome"]


class Classification(unittest.TestCase):
    def test_fault_never_reached_and_output_right(self):
        self.assertEqual(outcome([INJECTED, END, ALIVE]), "not_activated")

    def test_fault_reached_nothing_noticed(self):
        self.assertEqual(outcome([INJECTED, REACHED, END, ALIVE]), "no_effect")

    def test_detected_and_output_right_is_recovered(self):
        self.assertEqual(outcome([INJECTED, REACHED, HOT, END, ALIVE]), "recovered")

    def test_detected_and_output_wrong_is_not_recovered(self):
        self.assertEqual(outcome([INJECTED, REACHED, HOT, END, ALIVE], ["e2fsck -fn exits 4"]), "not_recovered")

    def test_wrong_output_with_a_complaint(self):
        lines = [INJECTED, REACHED, "fscheck: open f3: I/O error", "ram:fscheck: exited with 1", END, ALIVE]
        self.assertEqual(outcome(lines, ["fscheck did not find every byte right"]), "error_reported")

    def test_wrong_output_without_a_complaint_is_silent(self):
        self.assertEqual(outcome([INJECTED, REACHED, END, ALIVE], ["the sound: frame 12 differs"]),
                         "silent_corruption")

    def test_typed_command_is_not_the_end(self):
        typed = f"msh% ram:fscheck --dir=ext2:/w 20; echo {END}"
        self.assertEqual(outcome([INJECTED, REACHED, typed], ["the workload did not finish"]), "undetected_hang")

    def test_lines_after_the_prompt_count(self):
        # A background driver's lines follow the shell's prompt on the console.
        self.assertEqual(outcome([INJECTED, "msh% " + REACHED, "msh% msh% " + HOT, END, ALIVE]), "recovered")

    def test_panic_is_system_down(self):
        self.assertEqual(outcome([INJECTED, REACHED, "PANIC: page fault in the kernel", END, ALIVE]),
                         "system_down")

    def test_silent_shell_is_system_down(self):
        self.assertEqual(outcome([INJECTED, REACHED, END]), "system_down")

    def test_qemu_gone_is_system_down(self):
        log = "\n".join([INJECTED, REACHED, 'ARC-VERDICT {"verdict": "fail", "qemu_exit": 37}'])
        self.assertEqual(campaign.classify(E, log, ["the workload did not finish"])["outcome"], "system_down")

    def test_wrong_output_without_any_fault_is_unclassified(self):
        self.assertEqual(outcome([INJECTED, END, ALIVE], ["e2fsck -fn exits 4"]), "unclassified")


class Plan(unittest.TestCase):
    TARGETS, GENERATORS = ["pata", "ext2", "audio"], ["assignment", "conditional"]

    def test_seeds_go_round_the_cells(self):
        plan = campaign.make_plan(self.TARGETS, self.GENERATORS, 3, 3, 1)
        self.assertEqual(len(plan), 18)
        self.assertEqual([e.seed for e in plan], list(range(1, 19)))
        for target in self.TARGETS:
            for generator in self.GENERATORS:
                self.assertEqual(sum(e.target == target and e.generator == generator for e in plan), 3)

    def test_a_smaller_plan_is_the_start_of_a_larger(self):
        small = campaign.make_plan(self.TARGETS, self.GENERATORS, 2, 3, 1)
        large = campaign.make_plan(self.TARGETS, self.GENERATORS, 50, 3, 1)
        self.assertEqual(small, large[:len(small)])

    def test_replay_finds_the_same_experiment(self):
        plan = campaign.make_plan(self.TARGETS, self.GENERATORS, 5, 3, 100)
        for e in plan:
            alone = campaign.experiment_of(e.seed, [e.target], [e.generator], 3, 1)
            self.assertEqual((alone.target, alone.generator, alone.seed), (e.target, e.generator, e.seed))
            again = campaign.experiment_of(e.seed, self.TARGETS, self.GENERATORS, 3, 100)
            self.assertEqual(again, e)


    def test_shards_are_runs_of_seeds_that_make_up_the_plan(self):
        plan = campaign.make_plan(self.TARGETS, self.GENERATORS, 7, 3, 1)      # 42 experiments
        shards = [campaign.shard_of(plan, f"{k}/4") for k in range(4)]
        self.assertEqual([e for s in shards for e in s], plan)
        self.assertEqual([len(s) for s in shards], [10, 11, 10, 11])
        for s in shards:
            self.assertEqual([e.seed for e in s], list(range(s[0].seed, s[0].seed + len(s))))

    def test_bad_shards_are_refused(self):
        plan = campaign.make_plan(self.TARGETS, self.GENERATORS, 1, 3, 1)
        for text in ("4/4", "x/2", "1", "-1/3"):
            with self.assertRaises(SystemExit):
                campaign.shard_of(plan, text)


class Rates(unittest.TestCase):
    def test_rates_as_004_defines_them(self):
        results = [{"outcome": o, "detected": d} for o, d in [
            ("not_activated", []), ("no_effect", []), ("recovered", ["x"]), ("not_recovered", ["x"]),
            ("silent_corruption", []), ("error_reported", [])]]
        n, effective, detection, success = rates(results)
        self.assertEqual(n, 6)
        self.assertAlmostEqual(effective, 100 * 4 / 6)
        self.assertAlmostEqual(detection, 50.0)
        self.assertAlmostEqual(success, 50.0)


if __name__ == "__main__":
    unittest.main()
