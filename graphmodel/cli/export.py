"""`graphmodel export FORMAT OUT`: one command per format of the library's registry
(:data:`graphmodel.exports.EXPORTERS`), each one call to :func:`graphmodel.export`.

``graphmodel export neo4j-admin`` (Neo4j's offline importer) lives in :mod:`.bulk`.
"""


from pathlib import Path
from typing import Annotated, Optional

import typer

from ..exports import EXPORTERS, Exporter
from .options import FromOption, StoreOption, graph_from
from .bulk import export_app
from .common import reports_errors
from .output import count
from .progress import QuietOption, progress_bar

__all__ = ["register_exports"]

RegionOption = Annotated[Optional[str], typer.Option(
    "--region", help="Export only this region's part: what lies in its subtree (entities, "
                     "organisations, members, stations, instructors of its agencies and "
                     "what links them), the regions above it and the industries it uses. "
                     "An id, exact name or GB/T 2260 code.", show_default="the whole graph")]


def _command(exporter: Exporter):
    what = "file" if exporter.target == "file" else "folder (created; its files are replaced)"

    @reports_errors
    def command(out: Annotated[Path, typer.Argument(
                    help=f"The {what} to write.", show_default=False, metavar="OUT")],
                region: RegionOption = None, store: StoreOption = None,
                from_: FromOption = None, quiet: QuietOption = False) -> None:
        from ..exports import export

        G = graph_from(store, from_)
        with progress_bar(quiet) as progress:
            done = export(G, exporter.name, out, region=region, progress=progress)
        nodes = sum(v for k, v in done.counts.items() if not _is_link(k))
        typer.echo(f"wrote {exporter.name} of {count(nodes, 'nodes')}"
                   f"{' in ' + region if region else ''} to {done.path}")

    command.__doc__ = exporter.help
    command.__name__ = f"export_{exporter.name}"
    return command


def _is_link(name: str) -> bool:
    from ..model.schema import LINK_FILES

    return any(link.name == name for link in LINK_FILES)


def register_exports(app: typer.Typer = export_app) -> None:
    """One ``export FORMAT`` command per format of the registry."""
    for exporter in EXPORTERS.values():
        app.command(exporter.name)(_command(exporter))


register_exports()
