"""Run-wide settings for every test and doctest: personal numbers are hashed with a
throwaway key, never with the key of the person running the tests."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _throwaway_personal_key(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("GRAPHMODEL_KEY_FILE", str(tmp_path_factory.mktemp("key") / "key"))
    yield
    mp.undo()

