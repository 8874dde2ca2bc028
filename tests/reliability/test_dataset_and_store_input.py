"""Input that used to get past the checks: a dataset column under a name the store
uses itself, files in mixed encodings, ids spelled two ways, an over-long CSV field,
and damaged or crafted store files. Each is refused with located, one-line messages
(and exit 1 from the real CLI), never loaded as garbage, never a traceback."""

from __future__ import annotations

import io
import json
import os
import re
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

import graphmodel
from graphmodel import StoreError, read_dataset, write_store

from ..test_bad_input import append_row, problems_of, read_rows, set_cell, where, write_rows

GRAPHMODEL = str(Path(sys.executable).with_name("graphmodel"))


def no_traceback(result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)


# --- 7. a column named like the store's own arrays -----------------------------------


@pytest.mark.parametrize("file, column", [
    ("memberships.csv", "source"),   # the store's memberships/source index array
    ("coverage.csv", "target"),
    ("registrations.csv", "Source"),  # in any case
    ("entities.csv", "label"),       # what the networkx export puts on every node
    ("stations.csv", "LABEL"),
])
def test_a_column_under_a_name_graphmodel_uses_is_refused(demo_dir, cli, seeded, file, column):
    before = seeded.read_bytes()
    answer = cli("query", "isolated", "-f", "json")
    assert answer.exit_code == 0, answer.output
    rows = read_rows(demo_dir / file)
    write_rows(demo_dir / file, [r + ([column] if i == 0 else ["3"]) for i, r in enumerate(rows)])

    for command in ("validate", "seed"):
        result = cli(command, demo_dir)
        assert result.exit_code == 1, result.output
        no_traceback(result)
        assert f"{demo_dir / file}:1: {column}: reserved" in result.stderr
    assert seeded.read_bytes() == before
    again = cli("query", "isolated", "-f", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(answer.stdout)


def test_an_array_unlike_its_columns_is_not_written(demo_dir, store):
    # The same check, before writing, guards against a bug building a bad graph.
    G = read_dataset(demo_dir)
    for key, bad in [("coverage/target", np.array([0, 1, 2, 3, 4, 5, 99], dtype=np.int32)),
                     ("entity/region_id", G.array("entity/region_id").astype(np.int64)),
                     ("memberships/source", np.array(["x"] * 8))]:
        G = read_dataset(demo_dir)
        G._arrays[key] = bad
        with pytest.raises(StoreError, match=re.escape(key)):
            write_store(G, store)
        assert not store.exists()


# --- 8. mixed encodings --------------------------------------------------------------


def test_a_utf8_file_with_lines_in_gbk_is_refused_naming_them(demo_dir, cli):
    path = demo_dir / "members.csv"
    lines = path.read_bytes().split(b"\n")
    for number in (5, 9):  # P04 and P08, pasted from a GBK source
        lines[number - 1] = lines[number - 1].decode("utf-8").encode("gbk")
    path.write_bytes(b"\n".join(lines))

    result = cli("validate", demo_dir)
    assert result.exit_code == 1, result.output
    no_traceback(result)
    [shown] = [t for t in result.stderr.splitlines() if t.startswith(str(path))]
    assert shown == (f"{path}:5: lines 5, 9 are not UTF-8 while the rest of the file is "
                     "(mixed encodings); save the file in one encoding")
    # The same lines with a BOM: still UTF-8 with two GBK lines.
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    [p] = [p for p in problems_of(demo_dir) if Path(p.file).name == "members.csv"]
    assert where(p) == ("members.csv", 5, None) and "lines 5, 9" in p.message
    # A file wholly in GBK (Excel on Chinese Windows) still loads, names intact.
    original = graphmodel.bundled_dataset("demo") / "members.csv"
    path.write_bytes(original.read_text("utf-8").encode("gbk"))
    G = read_dataset(demo_dir)
    names = G.column("member", "name").tolist()
    assert names[G.index("member")["P01"]] == "王海"


# --- ids spelled two ways ------------------------------------------------------------


def test_ids_are_normalised_so_two_spellings_are_one_id(demo_dir, cli):
    # Fullwidth letters (NFKC) and a zero-width space are the same id as plain E01.
    full = append_row(demo_dir, "entities.csv", "Ｅ01", "另一家", "individual", "R-DA", "",
                      "", "", "")
    zero_width = append_row(demo_dir, "entities.csv", "E01\u200b", "又一家", "individual",
                            "R-DA", "", "", "", "")
    problems = problems_of(demo_dir)
    assert [where(p) for p in problems] == [("entities.csv", full, "id"),
                                            ("entities.csv", zero_width, "id")]
    assert all("duplicate id 'E01' (first on line 2)" in p.message for p in problems)

    # References are normalised the same way: they resolve to the plain ids.
    rows = read_rows(demo_dir / "entities.csv")[:-2]
    write_rows(demo_dir / "entities.csv", rows)
    set_cell(demo_dir, "members.csv", 3, "employer_id", "\u2060Ｅ０１ ")
    set_cell(demo_dir, "coverage.csv", 2, "entity_id", "E01\ufeff")
    result = cli("validate", demo_dir)
    assert result.exit_code == 0, result.output
    G = read_dataset(demo_dir)
    assert G.ids("entity").tolist()[G.column("member", "employer_id")[2]] == "E01"


# --- an over-long CSV field ----------------------------------------------------------


def test_an_over_long_field_is_one_problem_and_the_rest_is_still_checked(demo_dir, cli):
    path = demo_dir / "entities.csv"
    text = path.read_text("utf-8")
    long_name = "长" * 200_000  # the csv module's limit is 131072 characters
    text += (f'X1,"{long_name}\nstill the same field",individual,R-DA,,,,\n'  # lines 12-13
             'X2,"an ordinary\nmulti-line name",individual,R-DA,,,,\n'  # lines 14-15
             'X3,某店,shop,R-DA,,,,\n'  # line 16: a bad type
             f'X4,{long_name},individual,R-DA,,,,\n'  # line 17
             'X5,某店,individual,R-XX,,,,\n')  # line 18: an unknown region
    path.write_text(text, "utf-8")
    set_cell(demo_dir, "members.csv", 4, "employer_id", "X1")  # no cascade from X1

    result = cli("validate", demo_dir)
    assert result.exit_code == 1, result.output
    no_traceback(result)
    shown = [t for t in result.stderr.splitlines() if t.startswith(str(demo_dir))]
    assert len(shown) == 4, shown
    assert shown[0] == f"{path}:12: field longer than 131072 characters"
    assert shown[1].startswith(f"{path}:16: type: ")
    assert shown[2] == f"{path}:17: field longer than 131072 characters"
    assert shown[3].startswith(f"{path}:18: region_id: unknown region")


# --- damaged and crafted stores ------------------------------------------------------


def npy(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array(out, array, allow_pickle=False)
    return out.getvalue()


def npy_header(descr: str, shape: tuple) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": descr, "fortran_order": False,
                                               "shape": shape})
    return out.getvalue()


def members_of(store: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(store) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def array_of(members: dict[str, bytes], key: str) -> np.ndarray:
    return np.lib.format.read_array(io.BytesIO(members[f"{key}.npy"]))


def rewrite(store: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(store, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def edit_meta(members: dict[str, bytes], change) -> None:
    meta = json.loads(members["meta.json"])
    change(meta)
    members["meta.json"] = json.dumps(meta).encode()


def wrong_dtype(store, m):
    m["entity/region_id.npy"] = npy(array_of(m, "entity/region_id").astype(np.float64))


def object_dtype(store, m):
    m["entity/region_id.npy"] = npy_header("|O", (10,)) + b"\0" * 80


def short_array(store, m):
    m["coverage/target.npy"] = npy(array_of(m, "coverage/target")[:-1])


def truncated_data(store, m):
    m["coverage/target.npy"] = m["coverage/target.npy"][:-3]


def reference_out_of_range(store, m):
    regions = array_of(m, "entity/region_id")
    regions[3] = 6  # there are 6 regions: 0 to 5
    m["entity/region_id.npy"] = npy(regions)


def link_end_out_of_range(store, m):
    m["coverage/target.npy"] = npy(np.array([0, 1, 2, 3, 4, 5, -1], dtype=np.int32))


def member_missing(store, m):
    del m["entity/type.npy"]


def flag_neither_true_nor_false(store, m):
    m["member/lost_contact.npy"] = npy_header("|b1", (12,)) + b"\0" * 11 + b"\x07"


flag_neither_true_nor_false.commands = [("report",)]  # the only one reading flags


def date_out_of_range(store, m):
    days = array_of(m, "member/last_org_life")
    days[0] = np.datetime64(2**40, "D")
    m["member/last_org_life.npy"] = npy(days)


date_out_of_range.commands = [("report",)]


def not_unicode(store, m):
    types = array_of(m, "entity/type")
    chars = types.view(np.uint32).copy()
    chars[0] = 0x110000
    m["entity/type.npy"] = npy(chars.view(types.dtype))


def counts_as_text(store, m):
    edit_meta(m, lambda meta: meta["counts"].update(entity="10"))


def columns_as_text(store, m):
    edit_meta(m, lambda meta: meta["columns"].update(entity="name"))


def arrays_not_a_list(store, m):
    edit_meta(m, lambda meta: meta.update(arrays={"entity/id": 1}))


def negative_count(store, m):
    edit_meta(m, lambda meta: meta["counts"].update(coverage=-7))


def meta_not_json(store, m):
    m["meta.json"] = b"{\"format\": \"graphmodel-store\", "


def column_under_the_stores_own_name(store, m):
    # What the old code wrote for a memberships.csv with a `source` column.
    edit_meta(m, lambda meta: meta["columns"]["memberships"].append("source"))


CRAFTED = [wrong_dtype, object_dtype, short_array, truncated_data, reference_out_of_range,
           link_end_out_of_range, member_missing, flag_neither_true_nor_false, date_out_of_range,
           not_unicode,
           counts_as_text, columns_as_text, arrays_not_a_list, negative_count, meta_not_json,
           column_under_the_stores_own_name]


def assert_one_error_line(result) -> None:
    assert result.exit_code == 1, (result.exit_code, result.output)
    no_traceback(result)
    lines = [t for t in result.stderr.splitlines() if t.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


@pytest.mark.parametrize("craft", CRAFTED, ids=[c.__name__ for c in CRAFTED])
def test_a_crafted_store_is_one_error_line(cli, seeded, craft):
    members = members_of(seeded)
    craft(seeded, members)
    rewrite(seeded, members)
    for command in getattr(craft, "commands", [("query", "uncovered"), ("report",)]):
        result = cli(*command)
        assert_one_error_line(result)
        assert str(seeded) in result.stderr


def test_a_flipped_byte_is_a_crc_error(cli, seeded):
    # Flip the last byte of entity/region_id's data, in place: a valid row index still,
    # so only the zip's CRC can tell.
    members = members_of(seeded)
    regions = members["entity/region_id.npy"]
    raw = bytearray(seeded.read_bytes())
    at = raw.index(regions) + len(regions) - 4  # the low byte of the last index
    raw[at] ^= 0x01
    seeded.write_bytes(bytes(raw))
    for command in (("query", "uncovered"), ("report",)):
        result = cli(*command)
        assert_one_error_line(result)
        assert "CRC" in result.stderr


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> None:
    """A zip of ``(name, payload, method, crc, size)``: the payload as it is stored."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, payload, method, crc, size in members:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, 20, 0, 0,
                              method, 0, 0x21, crc, len(payload), size, len(encoded), 0))
        out.write(encoded + payload)
        central.write(struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, 20, 3,
                                  20, 0, 0, method, 0, 0x21, crc, len(payload), size,
                                  len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0,
                          len(members), len(members), len(central.getvalue()), start, 0))
    path.write_bytes(out.getvalue())


def zip_bomb(store: Path) -> None:
    """coverage/target: 1.75 GiB of int32 zeros under a valid header (the counts say
    as many coverage rows), deflated to about 4 MB."""
    members = members_of(store)
    rows = 7 * 2**26
    edit_meta(members, lambda meta: meta["counts"].update(coverage=rows))
    zeros = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = zeros.compress(bytes(2**24)) + zeros.flush(zlib.Z_FULL_FLUSH)
    header = npy_header("<i4", (rows,))
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = (head.compress(header) + head.flush(zlib.Z_FULL_FLUSH)
              + block * (rows * 4 // 2**24) + zlib.compressobj(9, zlib.DEFLATED, -15).flush())
    entries = []
    for name, data in members.items():
        if name == "coverage/target.npy":
            # The CRC is not computed (it would take seconds): it is checked only at
            # the end of the data, and nothing may get that far.
            entries.append((name, stream, zipfile.ZIP_DEFLATED, 0, len(header) + rows * 4))
        else:
            entries.append((name, data, zipfile.ZIP_STORED, zlib.crc32(data), len(data)))
    write_zip(store, entries)


def huge_shape(store: Path) -> None:
    """coverage/target's header declares 2**40 rows (4 TiB); the data is unchanged."""
    members = members_of(store)
    target = members["coverage/target.npy"]
    members["coverage/target.npy"] = npy_header("<i4", (2**40,)) + target[-7 * 4:]
    rewrite(store, members)


def huge_shape_and_count(store: Path) -> None:
    """The same with the counts agreeing: 2**31 - 1 coverage rows (8 GiB)."""
    members = members_of(store)
    rows = 2**31 - 1
    edit_meta(members, lambda meta: meta["counts"].update(coverage=rows))
    for key in ("coverage/source", "coverage/target"):
        members[f"{key}.npy"] = npy_header("<i4", (rows,)) + members[f"{key}.npy"][-7 * 4:]
    rewrite(store, members)


# A BLAS thread pool reserves address space per core: keep the limit about the store.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _limit_memory() -> None:
    limit = 1536 * 2**20  # 1.5 GiB of address space, the interpreter included
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("craft", [zip_bomb, huge_shape, huge_shape_and_count])
def test_a_store_declaring_gigabytes_is_refused_unread(seeded, craft):
    craft(seeded)
    for command in (["query", "uncovered"], ["report"]):
        result = subprocess.run([GRAPHMODEL, *command, "--store", str(seeded)],
                                capture_output=True, text=True, preexec_fn=_limit_memory,
                                timeout=120, env={**os.environ, **ONE_THREAD})
        lines = [t for t in result.stderr.splitlines() if t.strip()]
        assert result.returncode == 1 and len(lines) == 1, result.stderr[-2000:]
        assert lines[0].startswith(f"error: {seeded} is damaged"), lines[0]
        assert result.stdout == ""


def test_a_cycle_in_a_stored_tree_is_refused_not_walked_forever(seeded):
    members = members_of(seeded)
    parents = array_of(members, "region/parent_id")
    ids = array_of(members, "region/id").tolist()
    parents[ids.index("HN")] = ids.index("R-DA")  # HN <- R-DA <- HN
    members["region/parent_id.npy"] = npy(parents)
    rewrite(seeded, members)
    result = subprocess.run([GRAPHMODEL, "report", "--region", "HN", "--store", str(seeded)],
                            capture_output=True, text=True, timeout=60,
                            preexec_fn=_limit_memory, env={**os.environ, **ONE_THREAD})
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        f"error: {seeded} is damaged (region/parent_id makes a cycle in the region tree): "
        "run `graphmodel seed` again"]


def test_a_seed_creates_folders_and_files_only_the_owner_can_read(tmp_path, cli):
    import stat

    store = tmp_path / "new" / "deeper" / "store.gmz"
    assert cli("seed", "demo", "--store", store).exit_code == 0
    for folder in (store.parent, store.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    # A folder the user already had keeps its mode: it is theirs to set.
    os.chmod(tmp_path, 0o755)
    assert cli("seed", "demo", "--store", tmp_path / "mine.gmz").exit_code == 0
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
