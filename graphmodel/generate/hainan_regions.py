"""Administrative regions of Hainan province (海南省) as of mid-2016, for synthetic data.

This is a static data module for the synthetic-dataset generator: the province, its
four prefecture-level cities and its 26 county-level units (25 divisions plus the
Yangpu Economic Development Zone), each with its towns (镇), townships (乡) and
subdistricts (街道). Nothing here is fetched at run time.

Codes
-----
* ``code`` of a county-level unit and of a city is the 6-digit administrative
  division code of GB/T 2260 (中华人民共和国行政区划代码): 2 digits province,
  2 digits city, 2 digits county. Units directly administered by the province use
  the ``4690xx`` block (``469001`` 五指山市 ... ``469030`` 琼中黎族苗族自治县).
* Town-level units have no GB/T 2260 code. The National Bureau of Statistics
  gives them 9-digit statistical division codes (统计用区划代码, the county code
  followed by 3 digits: ``0xx`` subdistricts, ``1xx`` towns, ``2xx`` townships,
  ``4xx``/``5xx`` farms, zones and other special units). This module does not
  store town codes; ``towns`` are listed in the order of those codes.

Sources and assumptions
-----------------------
* County-level codes and names, and town lists, were checked against the
  statistical division code lists as republished in public repositories (e.g.
  ``modood/Administrative-divisions-of-China``, ``dist/streets.csv``, a recent
  release) and an older (about 2014) Hainan town list; where the two agree the
  name is taken as valid for 2016. State farms (国营……农场), forestry bureaus and
  similar town-level statistical units are left out: only 镇, 乡 and 街道 are listed.
* 三亚市: the districts 海棠区, 吉阳区, 天涯区 and 崖州区 were approved in
  February 2014 and took over from the former towns in January 2015; since then
  the districts administer their communities and villages directly and have no
  town-level divisions (statistical lists show only "…区直辖村级区划"). Their
  ``towns`` are therefore **not** official divisions but the former towns and
  management areas they were formed from (e.g. 崖州区 from 崖城镇, itself merged in
  2001 from 崖城, 保港 and 梅山), written without 镇 to mark them as areas. Whether
  育才 (former 育才镇) belonged to 天涯区 in 2016 or was run separately as the
  育才生态区 is uncertain; it is listed under 天涯区.
* 三沙市 (``460300``) had no districts in 2016 (西沙区 and 南沙区 date from 2020).
  It is represented, by assumption, as one county-level unit with code ``460300``,
  ``city=None`` and kind ``county_city``; its ``towns`` are the three island groups
  that statistical lists put under it (county-level statistical codes ``460321``
  西沙群岛, ``460322`` 南沙群岛, ``460323`` 中沙群岛的岛礁及其海域; before 2012 these
  were ``469031``-``469033`` under the province, so those codes must not be reused).
* 儋州市 (``460400``) became a prefecture-level city in February 2015 without
  districts; it is represented as one county-level unit with code ``460400``,
  ``city=None`` and kind ``county_city``. 三都镇 is not listed: it no longer appears
  under 儋州市 in the 460400 statistical lists (code ``460400110`` is unused) and its
  area is managed by Yangpu; see below.
* 洋浦经济开发区 (Yangpu Economic Development Zone) is not an administrative
  division and has no GB/T 2260 code. Statistical lists carry it as a town-level
  unit under 儋州市 with code ``460400499`` (not ``460400400``), so its ``code``
  here is ``""`` and its ``city`` is ``None`` (it is administered in practice by
  the province). Its ``towns`` are its management areas 干冲区 and 新英湾区 (both
  seen in registered addresses) and 三都区 (the former 三都镇; placement assumed).
* ``li`` is a rough share of Li (黎族) people in the registered population, an
  estimate from memory of census-era figures, used only to make names and
  ethnicity look plausible: about 0.6 in the Li autonomous counties of the
  interior, 0.35-0.55 in the southern and western ones, near 0 in the north-east.

>>> len(COUNTIES)
26
>>> by_code()["469021"].towns[:3]
('定城镇', '新竹镇', '龙湖镇')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "PROVINCE",
    "CITIES",
    "COUNTIES",
    "County",
    "Kind",
    "by_code",
]

Kind = Literal["district", "county_city", "county", "autonomous_county", "zone"]


@dataclass(frozen=True, slots=True)
class County:
    """One county-level unit of Hainan in mid-2016.

    ``code`` is the 6-digit GB/T 2260 code (``""`` for the Yangpu zone, which has
    none); ``city`` is the 6-digit code of the prefecture-level city, or ``None``
    for a unit administered directly by the province; ``towns`` are Chinese names
    of its towns, townships and subdistricts in statistical-code order; ``li`` is
    a rough share of Li (黎族) population, 0 for non-Li areas.
    """

    code: str
    name: str
    city: str | None
    kind: Kind
    towns: tuple[str, ...]
    li: float


PROVINCE: tuple[str, str] = ("460000", "海南省")

CITIES: tuple[tuple[str, str], ...] = (
    ("460100", "海口市"),
    ("460200", "三亚市"),
    ("460300", "三沙市"),
    ("460400", "儋州市"),
)

COUNTIES: tuple[County, ...] = (
    # ---- 海口市 460100 ----------------------------------------------------
    County(
        "460105", "秀英区", "460100", "district",
        ("秀英街道", "海秀街道", "长流镇", "西秀镇", "海秀镇", "石山镇", "永兴镇", "东山镇"),
        0.0,
    ),
    County(
        "460106", "龙华区", "460100", "district",
        (
            "中山街道", "滨海街道", "金贸街道", "大同街道", "海垦街道", "金宇街道",
            "城西镇", "龙桥镇", "新坡镇", "遵谭镇", "龙泉镇",
        ),
        0.0,
    ),
    County(
        "460107", "琼山区", "460100", "district",
        (
            "国兴街道", "府城街道", "滨江街道", "凤翔街道",
            "龙塘镇", "云龙镇", "红旗镇", "三门坡镇", "大坡镇", "甲子镇", "旧州镇",
        ),
        0.0,
    ),
    County(
        "460108", "美兰区", "460100", "district",
        (
            "海府街道", "蓝天街道", "博爱街道", "海甸街道", "人民路街道", "白龙街道",
            "和平南街道", "白沙街道", "新埠街道",
            "灵山镇", "演丰镇", "三江镇", "大致坡镇",
        ),
        0.0,
    ),
    # ---- 三亚市 460200: no town-level divisions since 2015; former towns/areas --
    County("460202", "海棠区", "460200", "district", ("海棠湾", "林旺", "藤桥"), 0.2),
    County("460203", "吉阳区", "460200", "district", ("河东", "吉阳", "亚龙湾"), 0.35),
    County("460204", "天涯区", "460200", "district", ("河西", "天涯", "凤凰", "育才"), 0.4),
    County("460205", "崖州区", "460200", "district", ("崖城", "保港", "梅山"), 0.2),
    # ---- 三沙市 460300: one unit by assumption ----------------------------
    County(
        "460300", "三沙市", None, "county_city",
        ("西沙群岛", "南沙群岛", "中沙群岛的岛礁及其海域"),
        0.0,
    ),
    # ---- 儋州市 460400: prefecture-level without districts, one unit -------
    County(
        "460400", "儋州市", None, "county_city",
        (
            "那大镇", "和庆镇", "南丰镇", "大成镇", "雅星镇", "兰洋镇", "光村镇", "木棠镇",
            "海头镇", "峨蔓镇", "王五镇", "白马井镇", "中和镇", "排浦镇", "东成镇", "新州镇",
        ),
        0.02,
    ),
    # ---- county-level units directly administered by the province -------
    County(
        "469001", "五指山市", None, "county_city",
        ("通什镇", "南圣镇", "毛阳镇", "番阳镇", "畅好乡", "毛道乡", "水满乡"),
        0.62,
    ),
    County(
        "469002", "琼海市", None, "county_city",
        (
            "嘉积镇", "万泉镇", "石壁镇", "中原镇", "博鳌镇", "阳江镇", "龙江镇", "潭门镇",
            "塔洋镇", "长坡镇", "大路镇", "会山镇",
        ),
        0.01,
    ),
    County(
        "469005", "文昌市", None, "county_city",
        (
            "文城镇", "重兴镇", "蓬莱镇", "会文镇", "东路镇", "潭牛镇", "东阁镇", "文教镇",
            "东郊镇", "龙楼镇", "昌洒镇", "翁田镇", "抱罗镇", "冯坡镇", "锦山镇", "铺前镇",
            "公坡镇",
        ),
        0.0,
    ),
    County(
        "469006", "万宁市", None, "county_city",
        (
            "万城镇", "龙滚镇", "和乐镇", "后安镇", "大茂镇", "东澳镇", "礼纪镇", "长丰镇",
            "山根镇", "北大镇", "南桥镇", "三更罗镇",
        ),
        0.03,
    ),
    County(
        "469007", "东方市", None, "county_city",
        (
            "八所镇", "东河镇", "大田镇", "感城镇", "板桥镇", "三家镇", "四更镇", "新龙镇",
            "天安乡", "江边乡",
        ),
        0.35,
    ),
    County(
        "469021", "定安县", None, "county",
        (
            "定城镇", "新竹镇", "龙湖镇", "黄竹镇", "雷鸣镇", "龙门镇", "龙河镇", "岭口镇",
            "翰林镇", "富文镇",
        ),
        0.0,
    ),
    County(
        "469022", "屯昌县", None, "county",
        ("屯城镇", "新兴镇", "枫木镇", "乌坡镇", "南吕镇", "南坤镇", "坡心镇", "西昌镇"),
        0.02,
    ),
    County(
        "469023", "澄迈县", None, "county",
        (
            "金江镇", "老城镇", "瑞溪镇", "永发镇", "加乐镇", "文儒镇", "中兴镇", "仁兴镇",
            "福山镇", "桥头镇", "大丰镇",
        ),
        0.0,
    ),
    County(
        "469024", "临高县", None, "county",
        (
            "临城镇", "波莲镇", "东英镇", "博厚镇", "皇桐镇", "多文镇", "和舍镇", "南宝镇",
            "新盈镇", "调楼镇",
        ),
        0.0,
    ),
    County(
        "469025", "白沙黎族自治县", None, "autonomous_county",
        (
            "牙叉镇", "七坊镇", "邦溪镇", "打安镇",
            "细水乡", "元门乡", "南开乡", "阜龙乡", "青松乡", "金波乡", "荣邦乡",
        ),
        0.65,
    ),
    County(
        "469026", "昌江黎族自治县", None, "autonomous_county",
        ("石碌镇", "叉河镇", "十月田镇", "乌烈镇", "昌化镇", "海尾镇", "七叉镇", "王下乡"),
        0.37,
    ),
    County(
        "469027", "乐东黎族自治县", None, "autonomous_county",
        (
            "抱由镇", "万冲镇", "大安镇", "志仲镇", "千家镇", "九所镇", "利国镇", "黄流镇",
            "佛罗镇", "尖峰镇", "莺歌海镇",
        ),
        0.4,
    ),
    County(
        "469028", "陵水黎族自治县", None, "autonomous_county",
        (
            "椰林镇", "光坡镇", "三才镇", "英州镇", "隆广镇", "文罗镇", "本号镇", "新村镇",
            "黎安镇", "提蒙乡", "群英乡",
        ),
        0.55,
    ),
    County(
        "469029", "保亭黎族苗族自治县", None, "autonomous_county",
        (
            "保城镇", "什玲镇", "加茂镇", "响水镇", "新政镇", "三道镇",
            "六弓乡", "南林乡", "毛感乡",
        ),
        0.6,
    ),
    County(
        "469030", "琼中黎族苗族自治县", None, "autonomous_county",
        (
            "营根镇", "湾岭镇", "黎母山镇", "和平镇", "长征镇", "红毛镇", "中平镇",
            "吊罗山乡", "上安乡", "什运乡",
        ),
        0.6,
    ),
    # ---- 洋浦经济开发区: no GB/T 2260 code (statistical 460400499) ---------
    County("", "洋浦经济开发区", None, "zone", ("干冲区", "新英湾区", "三都区"), 0.0),
)


def by_code() -> dict[str, County]:
    """Return the county-level units keyed by code (the Yangpu zone under ``""``).

    >>> by_code()["460400"].name
    '儋州市'
    """
    return {c.code: c for c in COUNTIES}


def _self_check() -> None:
    """Consistency checks of the tables, run as doctests.

    26 units: 4 Haikou districts, 4 Sanya districts, 三沙, 儋州, 15 directly
    administered units and the Yangpu zone.

    >>> len(COUNTIES)
    26
    >>> from collections import Counter
    >>> sorted(Counter(c.city for c in COUNTIES if c.city).items())
    [('460100', 4), ('460200', 4)]
    >>> sum(1 for c in COUNTIES if c.city is None and c.code.startswith("4690"))
    15

    Codes and names are unique, codes are 6 digits and belong to the province
    (only the Yangpu zone has none), and every referenced city exists:

    >>> codes = [c.code for c in COUNTIES]
    >>> len(set(codes)) == len(codes) and len({c.name for c in COUNTIES}) == len(COUNTIES)
    True
    >>> [c.name for c in COUNTIES if c.code == ""]
    ['洋浦经济开发区']
    >>> all(len(c) == 6 and c.isdigit() and c.startswith(PROVINCE[0][:2]) for c in codes if c)
    True
    >>> city_codes = {code for code, _ in CITIES}
    >>> all(c.city in city_codes for c in COUNTIES if c.city is not None)
    True
    >>> all(c.code[:4] == c.city[:4] for c in COUNTIES if c.city is not None)
    True
    >>> [c.name for c in COUNTIES if c.code in city_codes]  # cities without districts
    ['三沙市', '儋州市']

    Kinds are known, every unit has at least two distinct towns, shares are in [0, 1]:

    >>> sorted({c.kind for c in COUNTIES})
    ['autonomous_county', 'county', 'county_city', 'district', 'zone']
    >>> all(len(c.towns) >= 2 and len(set(c.towns)) == len(c.towns) for c in COUNTIES)
    True
    >>> all(0.0 <= c.li <= 1.0 for c in COUNTIES)
    True
    >>> all(("自治县" in c.name) == (c.kind == "autonomous_county") for c in COUNTIES)
    True

    Towns of the units with official town-level divisions end in 镇, 乡 or 街道:

    >>> areas = {"460202", "460203", "460204", "460205", "460300", ""}
    >>> all(t.endswith(("镇", "乡", "街道")) for c in COUNTIES if c.code not in areas for t in c.towns)
    True
    >>> sum(len(c.towns) for c in COUNTIES if c.code not in areas)
    216
    """
