"""Chinese and Arabic numerals as they appear in plan documents, and the magnitude a unit
carries (`1.2万名` is 12000 名, `1.5亿元` is 150000000 元).

A bare magnitude with no measure word after it (`体检人数达1000万以上`, `总量达到1.5亿`) keeps
the magnitude as its unit (1000, 万) and normalises to a plain number: (10000000, "")."""

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(CHINESE_UNITS)
# A magnitude written before a unit: 万名, 亿元, 千万元. Longest first.
MAGNITUDES = {"千万": 10_000_000, "百万": 1_000_000, "亿": 100_000_000, "万": 10_000, "千": 1_000}


def chinese_to_int(text: str) -> int | None:
    """二十三 → 23, 十五 → 15, 一百零八 → 108, 万 → 10000; None when it is not a plain
    numeral."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[ch]
            continue
        unit = CHINESE_UNITS[ch]
        if unit == 10000:
            total += ((section + (digit or 0)) or 1) * unit
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


def to_number(text: str) -> float | None:
    text = text.replace(",", "").replace("，", "")
    try:
        return float(text)
    except ValueError:
        value = chinese_to_int(text)
        return float(value) if value is not None else None


def split_magnitude(unit: str) -> tuple[int, str]:
    """万名 → (10000, 名), 亿元 → (100000000, 元); a bare magnitude 万 → (10000, "") (a plain
    number); a unit without a magnitude (%, 家, /10万) → (1, unit)."""
    if unit in MAGNITUDES:
        return MAGNITUDES[unit], ""
    for prefix, factor in MAGNITUDES.items():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return 1, unit


def normalise(value: float, unit: str) -> tuple[float, str]:
    """The value and unit with the magnitude brought out: (1.2, 万名) → (12000, 名),
    (1.5, 亿) → (150000000, "")."""
    factor, base = split_magnitude(unit)
    if factor == 1:
        return value, unit
    return round(value * factor, 6), base
