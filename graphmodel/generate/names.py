"""Realistic-looking names and valid national codes, in bulk, for generated datasets."""

from __future__ import annotations

import numpy as np

from ..codes import CREDIT_CODE_ALPHABET

__all__ = ["INDUSTRIES", "person_names", "entity_names", "credit_codes", "id_numbers"]

#: (id, name, share among small/micro enterprises, share among individual businesses)
INDUSTRIES: tuple[tuple[str, str, float, float], ...] = (
    ("IND01", "养殖", 4, 2), ("IND02", "种植", 4, 2), ("IND03", "农副产品加工", 5, 2),
    ("IND04", "水产", 3, 3), ("IND05", "热带水果", 2, 4), ("IND06", "橡胶", 1, 0.5),
    ("IND07", "槟榔", 1, 1), ("IND08", "旅游", 5, 1), ("IND09", "房地产开发", 4, 0.2),
    ("IND10", "制药", 1, 0.1), ("IND11", "制造", 5, 1), ("IND12", "建筑", 6, 1),
    ("IND13", "批发", 8, 6), ("IND14", "零售", 7, 25), ("IND15", "餐饮", 5, 15),
    ("IND16", "住宿", 4, 4), ("IND17", "交通运输", 4, 4), ("IND18", "物流", 3, 1),
    ("IND19", "信息技术", 3, 0.5), ("IND20", "商务服务", 6, 2), ("IND21", "居民服务", 2, 8),
    ("IND22", "文化娱乐", 2, 2), ("IND23", "教育培训", 2, 1), ("IND24", "医疗健康", 1, 1),
    ("IND25", "汽车维修", 1, 4), ("IND26", "美容美发", 0.5, 5), ("IND27", "家具", 1, 1),
    ("IND28", "电子商务", 2, 2), ("IND29", "海鲜排档", 0.5, 2), ("IND30", "咖啡茶饮", 0.5, 2),
)

_SURNAMES = ("王李陈林黄吴符张郑邢周何蔡冯云邓梁杨韩羊王陈吉卢许苏莫文曾钟谢"
             "黎蒙孙刘胡唐钟麦庞潘")
_LI_SURNAMES = "符王黎吉陈邢林董高胡"
_GIVEN = ("海明丽强芳伟娜勇静军红华建国卫东文武秀英志刚春梅玉兰小平德福成运"
          "金亚雄琼南清泉家兴宏达永光少荣慧敏雪晓燕振")
_FIRM_WORDS = ("鑫源 海韵 椰风 南国 琼州 天涯 绿岛 金岛 宏达 兴华 恒丰 博雅 中汇 "
               "顺发 泰和 嘉禾 永盛 新海 蓝海 椰林 福临 祥瑞 鹏程 益民 瑞丰 誉诚").split()
_FIRM_SUFFIX = ("有限公司", "有限责任公司", "实业有限公司", "发展有限公司")
_SHOP_WORDS = ("商行 小吃店 便利店 粉店 水果店 海鲜排档 五金店 理发店 汽修店 茶店 "
               "服装店 药店 早餐店 农资店 杂货店").split()


def person_names(rng: np.random.Generator, n: int, li_share: float = 0.0) -> list[str]:
    """Chinese personal names: a surname and one or two given characters."""
    surnames = rng.choice(list(_SURNAMES), n)
    if li_share > 0:
        li = rng.random(n) < li_share
        surnames[li] = rng.choice(list(_LI_SURNAMES), int(li.sum()))
    first = rng.choice(list(_GIVEN), n)
    second = np.where(rng.random(n) < 0.6, rng.choice(list(_GIVEN), n), "")
    return [a + b + c for a, b, c in zip(surnames.tolist(), first.tolist(), second.tolist())]


def entity_names(rng: np.random.Generator, types: list[str], places: list[str],
                 industries: list[str]) -> list[str]:
    """A business name per entity, from its type, its town and its industry."""
    words = rng.choice(_FIRM_WORDS, len(types)).tolist()
    suffixes = rng.choice(_FIRM_SUFFIX, len(types)).tolist()
    shops = rng.choice(_SHOP_WORDS, len(types)).tolist()
    owners = person_names(rng, len(types))
    out = []
    for t, place, industry, word, suffix, shop, owner in zip(
            types, places, industries, words, suffixes, shops, owners):
        short = place.removesuffix("镇").removesuffix("街道").removesuffix("乡")
        if t == "individual":
            out.append(f"{short}{owner[0]}记{shop}")
        elif t == "market":
            out.append(f"{short}{industry}专业市场" if industry else f"{short}农贸市场")
        else:
            out.append(f"海南{word}{industry}{suffix}")
    return out


def _check(values: np.ndarray, weights: np.ndarray, modulus: int) -> np.ndarray:
    return (values * weights).sum(axis=1) % modulus


def credit_codes(rng: np.random.Generator, category: list[str], county_codes: list[str]) -> list[str]:
    """Unified social credit codes (GB 32100-2015) with correct check characters.

    ``category`` is the 2-character registration-authority and kind prefix (``91``
    an enterprise, ``92`` an individual business), ``county_codes`` the 6-digit
    registration area. The 9-character organisation code part is random.
    """
    alphabet = np.frombuffer(CREDIT_CODE_ALPHABET.encode(), dtype=np.uint8)
    value = {c: i for i, c in enumerate(CREDIT_CODE_ALPHABET)}
    n = len(category)
    head = np.array([[value[c] for c in p + a] for p, a in zip(category, county_codes)],
                    dtype=np.int64).reshape(n, 8)
    body = np.concatenate([rng.integers(0, 10, (n, 8)), rng.integers(0, 31, (n, 1))], axis=1)
    digits = np.concatenate([head, body], axis=1)
    weights = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
    check = (31 - _check(digits, weights, 31)) % 31
    chars = alphabet[np.concatenate([digits, check[:, None]], axis=1)]
    return chars.astype(np.uint8).view("S18").ravel().astype(str).tolist()


def id_numbers(rng: np.random.Generator, county_codes: list[str], born: list[str]) -> list[str]:
    """Resident ID numbers (GB 11643) with correct check digits: area, birth date
    (``YYYYMMDD``), a random sequence and the ISO 7064 MOD 11-2 check."""
    n = len(county_codes)
    seq = rng.integers(0, 1000, n)
    first17 = [f"{a}{b}{s:03d}" for a, b, s in zip(county_codes, born, seq.tolist())]
    digits = np.frombuffer("".join(first17).encode(), dtype=np.uint8).reshape(n, 17) - 48
    weights = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    check = np.frombuffer(b"10X98765432", dtype=np.uint8)[_check(digits.astype(np.int64), weights, 11)]
    return [f + chr(c) for f, c in zip(first17, check.tolist())]
