"""Masking of personal data shown to roles that do not need it in full (SECURITY.md §2.3, R-PRIV-01).

个人信息保护法 第五十一条: de-identification and least-privilege access to personal information.
The internal-UI conventions follow SECURITY.md §2.3: ID numbers keep the first 3 and last 4
characters, phone numbers 3 + 4, addresses are cut after the county or district.
"""

from __future__ import annotations

import re

STAR = "*"

# Province (省/自治区 or a municipality's 市), prefecture (市/州/地区/盟), county (区/县/市/旗).
# The county part may not contain the characters of smaller places (镇, 乡, 街道, 路, 村, 号), so
# "义乌市稠城街道工业区" stops at 义乌市 instead of leaking the street.
_ADDRESS_TO_COUNTY = re.compile(
    r"^(?:[^省市]{1,10}?(?:省|自治区))?"
    r"(?:[^省市区县]{1,12}?(?:市|自治州|州|地区|盟))?"
    r"[^省市区县旗镇乡街路村号]{1,10}?(?:区|县|市|旗)"
)


def _keep_ends(value: str, head: int, tail: int) -> str:
    value = value.strip()
    if not value:
        return ""
    if len(value) <= head + tail:
        # Too short to keep both ends without revealing it all: keep only the last two.
        keep = min(2, len(value) - 1)
        return STAR * (len(value) - keep) + value[len(value) - keep :]
    return value[:head] + STAR * (len(value) - head - tail) + value[-tail:]


def mask_id_number(value: str | None) -> str:
    """身份证号: first 3 and last 4 kept, `330***********1234`."""
    return _keep_ends(value or "", 3, 4)


def mask_phone(value: str | None) -> str:
    """手机号 or 电话: first 3 and last 4 kept, `138****1234`."""
    return _keep_ends(value or "", 3, 4)


def mask_address(value: str | None) -> str:
    """住址: kept down to the county or district, the rest replaced by `****`."""
    text = re.sub(r"\s+", "", value or "")
    if not text:
        return ""
    match = _ADDRESS_TO_COUNTY.match(text)
    return (match.group(0) if match else "") + STAR * 4


# 复姓: kept whole by `mask_name` (the commonest two-character surnames of the 百家姓).
_COMPOUND = "欧阳司马上官诸葛东方皇甫尉迟公孙慕容长孙宇文司徒夏侯令狐端木西门南宫独孤万俟呼延"
_COMPOUND_SURNAMES = frozenset(_COMPOUND[i : i + 2] for i in range(0, len(_COMPOUND), 2))


def mask_name(value: str | None) -> str:
    """A natural person's name: the surname kept, every other character 某 (张三 → 张某,
    张三丰 → 张某某, 欧阳修 → 欧阳某), as the SPC rule for published judgments does
    (最高法《关于人民法院在互联网公布裁判文书的规定》第9条; SECURITY.md §2.3)."""
    text = re.sub(r"\s+", "", value or "")
    if not text:
        return ""
    keep = 2 if text[:2] in _COMPOUND_SURNAMES and len(text) > 2 else 1
    if len(text) == 1:
        return "某"
    return text[:keep] + "某" * (len(text) - keep)


MASKERS = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "address": mask_address,
}


def mask(value: str | None, kind: str) -> str:
    """Mask `value` as `kind` (phone, id_number, address); an unknown kind masks everything."""
    masker = MASKERS.get(kind)
    if masker is None:
        return STAR * len((value or "").strip())
    return masker(value)
