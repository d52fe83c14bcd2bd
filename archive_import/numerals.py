"""Numbers and dates as Chinese official documents write them: 二〇二三年三月十五日, 第十二期.

GB/T 9704 writes the date of a document in Arabic numerals today, but older
bulletins (and many still) write it in Chinese numerals, with 〇 (or ○, O, 零)
for zero in the year.
"""

import datetime
import re

DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2}
DIGITS.update({"三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
UNITS = {"十": 10, "百": 100, "千": 1000}
ZEROS = "〇○零OoＯ"
CHINESE_DIGIT = "〇○零OoＯ一二三四五六七八九两"
CHINESE_NUMBER = f"[{CHINESE_DIGIT}十百千]+"

# Full-width digits (２０２３) read as ASCII ones.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

NUMBER = rf"(?:\d+|{CHINESE_NUMBER})"
YEAR = rf"(?:\d{{4}}|[{CHINESE_DIGIT}]{{4}})"
DATE_PATTERN = (
    rf"(?P<year>{YEAR})\s*年\s*(?P<month>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    rf"\s*(?P<day>\d{{1,2}}|[一二三四五六七八九十]{{1,4}})\s*日"
)
NUMERIC_DATE_PATTERN = r"(?P<n_year>\d{4})[-./](?P<n_month>\d{1,2})[-./](?P<n_day>\d{1,2})"
DATE = re.compile(DATE_PATTERN)
NUMERIC_DATE = re.compile(NUMERIC_DATE_PATTERN)


def to_int(text: str) -> int:
    """12, 十二, 一百二十八, 二〇二三 (a year read digit by digit) as an int."""
    text = text.translate(FULL_WIDTH_DIGITS).strip()
    if text.isdigit():
        return int(text)
    if not any(char in UNITS for char in text):
        # Digit by digit, as years are written: 二〇二三.
        return int("".join(str(DIGITS[char]) for char in text))
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        elif char in UNITS:
            total += (current or 1) * UNITS[char]  # 十二: a ten without a digit before it
            current = 0
        else:
            raise ValueError(text)
    return total + current


def date_from_match(match: re.Match) -> datetime.date:
    """The date a DATE or NUMERIC_DATE match names; ValueError if there is no such day."""
    prefix = "" if match.groupdict().get("year") else "n_"
    return datetime.date(*(to_int(match[prefix + part]) for part in ("year", "month", "day")))
