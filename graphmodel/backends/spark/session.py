"""A SparkSession for graphmodel: master URL and settings passed in by the caller."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...errors import MissingPackageError

__all__ = ["spark_session", "LOCAL_DEFAULTS", "require_pyspark"]

#: Settings for every session: no web UI, few shuffle partitions (a province's tables
#: are small for Spark), and partition values kept as text (``province=46`` stays
#: "46", as the export wrote it).
LOCAL_DEFAULTS: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.adaptive.enabled": "true",
}


def require_pyspark() -> Any:
    try:
        import pyspark
    except ImportError:
        raise MissingPackageError("the Spark backend needs pyspark: "
                                  "pip install 'graphmodel[spark]'") from None
    import pyspark.sql  # noqa: F401  (the session's module, as callers use it)

    return pyspark


def spark_session(master: str = "local[2]", *, config: Mapping[str, str] | None = None,
                  local_dir: str | Path | None = None, app_name: str = "graphmodel") -> Any:
    """A SparkSession on ``master`` (``local[2]``, ``spark://host:7077``...).

    ``config`` adds to (or overrides) :data:`LOCAL_DEFAULTS`; ``local_dir`` is where
    Spark writes its temporary files (``spark.local.dir`` and the warehouse). The
    session is Spark's own: ``getOrCreate`` returns a running one with these settings
    applied where Spark allows it. The caller stops it (``session.stop()``).
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app_name)
    settings = dict(LOCAL_DEFAULTS)
    if master.startswith("local"):
        # On this machine only: the driver listens on loopback, and workers run this
        # Python (not whichever python3 is first on PATH). On a cluster the executors
        # must reach the driver: its address is the cluster's configuration
        # (spark-defaults.conf in $SPARK_CONF_DIR, or ``config``).
        settings["spark.driver.host"] = "127.0.0.1"
        settings["spark.driver.bindAddress"] = "127.0.0.1"
        settings["spark.pyspark.python"] = sys.executable
    if local_dir is not None:
        base = Path(local_dir)
        base.mkdir(parents=True, exist_ok=True)
        settings["spark.local.dir"] = str(base / "local")
        settings["spark.sql.warehouse.dir"] = str(base / "warehouse")
        settings["spark.driver.extraJavaOptions"] = f"-Djava.io.tmpdir={base / 'tmp'}"
        (base / "tmp").mkdir(exist_ok=True)
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
