"""Run-wide settings for every test and doctest: personal numbers are hashed with a
throwaway key, never with the key of the person running the tests."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _throwaway_personal_key(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("GRAPHMODEL_KEY_FILE", str(tmp_path_factory.mktemp("key") / "key"))
    yield
    mp.undo()



def pytest_addoption(parser):
    parser.addoption("--durations-file", metavar="PATH", default=None,
                     help="write every test's time (setup, call and teardown), slowest "
                          "first, to PATH (.ci/run keeps it in build/)")


def pytest_terminal_summary(terminalreporter, config):
    """With --durations-file: every test's time, slowest first, and the total, so that
    the next change can see where the suite's minutes go."""
    path = config.getoption("--durations-file")
    if not path or hasattr(config, "workerinput"):  # the controller writes it, once
        return
    from pathlib import Path

    seconds: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) in ("setup", "call", "teardown"):
                seconds[report.nodeid] = seconds.get(report.nodeid, 0.0) + report.duration
    ranked = sorted(seconds.items(), key=lambda item: -item[1])
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{s:9.2f} s  {nodeid}" for nodeid, s in ranked]
    out.write_text(f"{len(ranked)} tests, {sum(seconds.values()):.0f} s of test time "
                   "(summed over the workers)\n" + "\n".join(lines) + "\n", encoding="utf-8")
    terminalreporter.write_line(f"every test's time, slowest first: {out}")
