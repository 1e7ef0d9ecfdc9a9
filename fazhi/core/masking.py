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


MASKERS = {
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
