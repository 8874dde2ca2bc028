"""Generated datasets: whole provinces too large to ship, written on demand.

``generate("hainan-2016", out, seed=...)`` writes a dataset in the contract format;
``graphmodel seed hainan-2016`` generates one into a temporary directory and seeds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import GraphmodelError
from . import hainan

__all__ = ["GENERATORS", "generate"]

#: name -> (generate(out, seed) function, default seed)
GENERATORS = {"hainan-2016": (hainan.generate, hainan.DEFAULT_SEED)}


def generate(name: str, out: str | Path, seed: int | None = None, *,
             noisy_employers: bool = False, faults: float | None = None,
             progress: Callable[[str, int, int], None] | None = None) -> Path:
    """Write the generated dataset ``name`` into the directory ``out``.

    ``noisy_employers``: members carry an ``employer_name`` typed with the usual
    noise instead of an ``employer_id``; the true links go to ``employer_truth.csv``
    (see :mod:`graphmodel.generate.noise`). ``faults``: inject records each rule of
    :func:`graphmodel.check` reports, that share of each rule's kind of record
    (above 0, at most 0.1), named in ``faults_truth.csv`` (see
    :mod:`graphmodel.generate.faults`). ``progress(step, done, total)`` is called as
    the work advances.

    >>> import tempfile, graphmodel
    >>> sorted(GENERATORS)
    ['hainan-2016']
    """
    if name not in GENERATORS:
        raise GraphmodelError(f"no generator {name!r} (generators: {', '.join(sorted(GENERATORS))})")
    function, default_seed = GENERATORS[name]
    seed = default_seed if seed is None else seed
    if faults is not None and not 0 < faults <= 0.1:
        raise GraphmodelError(f"faults: expected a share above 0 and at most 0.1, got {faults}")
    path = function(Path(out), seed, progress=progress)
    if faults is not None:  # before the names replace the employer ids it changes
        from .faults import add_faults

        add_faults(path, faults, seed)
    if noisy_employers:
        from .noise import add_noisy_employers

        add_noisy_employers(path, seed)
    return path
