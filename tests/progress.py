#!/usr/bin/env python3
"""Progress for tests/run.sh: reads the output of `dotnet test --logger "console;verbosity=normal"` and prints

  - each test class once all of its tests have finished: how many passed and failed, and the sum of their times;
  - every failed test with its message and stack trace, as the runner writes them;
  - the runner's own lines (build, errors, summary),
  - at the end, the ten slowest test classes (where the time goes) and each failed test again with the first line of
    its message (a log that keeps only its tail still names them),

but not the one line per passed test (about a thousand). The whole output is kept in a log file beside the TRX.

Usage: dotnet test ... | python3 tests/progress.py LISTING LOG
LISTING is the output of `dotnet test --list-tests` (how many tests each class has); a class it does not know, or a
filtered run, is reported at the end instead.
"""
import re
import sys
import time

PREFIX = "OnshiPortal.Tests."
RESULT = re.compile(r"^\s{2}(Passed|Failed|Skipped) (\S.*?)(?: \[([^\]]*)\])?\s*$")


def class_of(test):
    return test.split("(", 1)[0].rsplit(".", 1)[0]


def seconds(duration):
    """'70 ms', '< 1 ms', '2 s', '1 m 3 s' as seconds."""
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h)\b", duration or ""):
        total += float(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return total


def short(name):
    return name[len(PREFIX):] if name.startswith(PREFIX) else name


def main():
    listing, log_path = sys.argv[1], sys.argv[2]
    expected = {}
    try:
        with open(listing, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith("    ") and line.strip():
                    name = class_of(line.strip())
                    expected[name] = expected.get(name, 0) + 1
    except OSError:
        pass

    started = time.monotonic()
    done = {}  # class -> [passed, failed, skipped, seconds]
    reported = set()
    failures = []  # [test, first line of its message], repeated at the very end where a truncated log still shows it
    awaiting_message = False
    showing = True  # whether the lines after a result belong to a failure (shown) or a pass (not)

    def stamp():
        elapsed = int(time.monotonic() - started)
        return f"[{elapsed // 60:02d}:{elapsed % 60:02d}]"

    def report(name):
        passed, failed, skipped, spent = done[name]
        parts = [f"{passed} passed"] + ([f"{failed} FAILED"] if failed else []) + ([f"{skipped} skipped"] if skipped else [])
        print(f"{stamp()} {short(name)}: {', '.join(parts)} in {spent:.1f} s", flush=True)
        reported.add(name)

    with open(log_path, "w", encoding="utf-8") as log:
        for raw in sys.stdin:
            log.write(raw)
            line = raw.rstrip("\n")
            match = RESULT.match(line)
            if match:
                outcome, test, duration = match.groups()
                name = class_of(test)
                counts = done.setdefault(name, [0, 0, 0, 0.0])
                counts[("Passed", "Failed", "Skipped").index(outcome)] += 1
                counts[3] += seconds(duration)
                showing = outcome != "Passed"
                awaiting_message = False
                if outcome == "Failed":
                    failures.append([short(test), ""])
                if outcome != "Passed":
                    print(f"{stamp()} {line.strip()}", flush=True)
                if name not in reported and sum(counts[:3]) >= expected.get(name, 10**9):
                    report(name)
                continue

            if line.startswith("[xUnit.net"):
                if "[FAIL]" in line:
                    print(line, flush=True)
                continue

            if failures and showing and not failures[-1][1]:
                if line.strip() == "Error Message:":
                    awaiting_message = True
                elif awaiting_message and line.strip():
                    failures[-1][1] = line.strip()[:300]
                    awaiting_message = False

            # A passed test's captured output is indented under it; anything else is the runner's or a failure's.
            if not showing and line.startswith("  "):
                continue
            if not line.startswith("  "):
                showing = True
            print(line, flush=True)

    for name in sorted(done):
        if name not in reported:
            report(name)

    # Where the time went: the ten classes whose tests took longest (the sum of their tests' own times, which is more
    # than the wall time they held when tests of other classes ran beside them).
    if done:
        elapsed = int(time.monotonic() - started)
        print(f"Slowest test classes (sum of their tests' times; the run took {elapsed // 60} min {elapsed % 60} s):", flush=True)
        for name, (passed, failed, skipped, spent) in sorted(done.items(), key=lambda item: -item[1][3])[:10]:
            print(f"  {spent:7.1f} s  {short(name)} ({passed + failed + skipped} tests)", flush=True)
    if failures:
        print(f"Failed tests ({len(failures)}):", flush=True)
        for test, message in failures:
            print(f"  {test}: {message}", flush=True)


if __name__ == "__main__":
    main()
