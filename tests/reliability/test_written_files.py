"""Every file graphmodel writes is its owner's only (0600, folders 0700) whatever the
umask, and none is written through a link another user planted at its name: the
plan's files, link's review file, the HTML page and a generated dataset (issue 23,
item 6). Exports and the store have their own tests (test_exports, test_parquet,
test_personal_data)."""

from __future__ import annotations

import os
import stat

import pytest

from graphmodel.generate.faults import add_faults
from graphmodel.generate.noise import add_noisy_employers

from ..test_link import typed_names


@pytest.fixture(autouse=True)
def umask_022():
    """The usual umask, under which a plain ``open(path, "w")`` makes a 0644 file."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(root) -> dict[str, str]:
    """Every file and folder under ``root`` (itself included) with its mode."""
    found = {".": oct(stat.S_IMODE(os.lstat(root).st_mode))}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(os.lstat(path).st_mode))
    return found


def private(root) -> bool:
    return all(m in ("0o600", "0o700") for m in modes(root).values())


def plant(link, victim):
    """A link at ``link`` to the owner's own file ``victim``, as another user with
    write access to the folder could plant it."""
    victim.write_text("the owner's notes\n", encoding="utf-8")
    link.symlink_to(victim)


def test_plan_out_files_are_private_and_a_planted_link_is_not_followed(cli, seeded, tmp_path):
    out = tmp_path / "plan"
    out.mkdir(mode=0o700)
    victim = tmp_path / "notes.txt"
    plant(out / "coverage.csv.part", victim)
    result = cli("plan", "--out", out)
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "the owner's notes\n"
    assert private(out), modes(out)
    assert not list(out.glob("*.part"))
    # a folder the plan creates is 0700, not 0755
    result = cli("plan", "--out", tmp_path / "new" / "plan")
    assert result.exit_code == 0, result.output
    assert private(tmp_path / "new"), modes(tmp_path / "new")


def test_link_out_replaces_a_planted_link_instead_of_writing_through_it(cli, demo_dir, tmp_path):
    folder = typed_names(demo_dir)
    review = tmp_path / "out" / "links.csv"
    review.parent.mkdir(mode=0o700)
    victim = tmp_path / "notes.txt"
    plant(review, victim)
    result = cli("link", folder, "--out", review, "-f", "json")
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "the owner's notes\n"
    assert not review.is_symlink() and "member_id" in review.read_text(encoding="utf-8-sig")
    assert private(review.parent), modes(review.parent)


def test_the_html_page_is_private(cli, seeded, tmp_path):
    out = tmp_path / "page"
    out.mkdir(mode=0o700)
    victim = tmp_path / "notes.txt"
    plant(out / "report.html", victim)
    result = cli("report", "--html", out / "report.html")
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "the owner's notes\n"
    assert private(out), modes(out)


def test_generated_files_are_private(demo_dir):
    """What ``generate --noisy-employers --faults`` writes after the generator's own
    files (those: test_generated_province_files_are_private)."""
    os.chmod(demo_dir, 0o700)
    for path in demo_dir.iterdir():
        os.chmod(path, 0o600)
    add_noisy_employers(demo_dir, seed=1)
    add_faults(demo_dir, 0.1, seed=1)
    assert (demo_dir / "employer_truth.csv").is_file()
    assert (demo_dir / "faults_truth.csv").is_file()
    assert private(demo_dir), modes(demo_dir)


@pytest.mark.slow
def test_generated_province_files_are_private(cli, tmp_path):
    out = tmp_path / "gen" / "csv"
    result = cli("generate", "hainan-2016", "--out", out, "-q")
    assert result.exit_code == 0, result.output
    assert private(tmp_path / "gen"), modes(tmp_path / "gen")


def test_a_device_pipe_or_socket_at_the_target_is_refused_not_replaced(cli, seeded, demo_dir,
                                                                          tmp_path):
    """Files are put in place by a rename, which replaces whatever node has the name:
    ``--store /dev/null`` run as root replaced the device with a store. A pipe
    stands in for the device here (replacing it harms nothing if this regresses)."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    runs = [cli("seed", "demo", "--store", pipe),
            cli("export", "graphml", pipe),
            cli("report", "--html", pipe),
            cli("link", typed_names(demo_dir), "--out", pipe)]
    for result in runs:
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert "not a regular file, so it is not replaced" in result.stderr, result.stderr
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
