"""`fazhi seed_demo`: the demo county, its determinism, its guards and the step hook."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.urls import reverse

from fazhi.core import demo as core_demo
from fazhi.core.audit import Event
from fazhi.core.models import AuditEvent
from fazhi.core.text import display_width
from fazhi.org import demo
from fazhi.org.data.demo_county import DEMO_PASSWORD
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind, User
from fazhi.org.roles import Role
from fazhi.org.tests.factories import RegionFactory

NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
COUNTY = demo.MAIN_COUNTY_CODE


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _org_step_only(monkeypatch):
    """These tests are about the organisation step and the hook: the domain apps' steps are
    left out (each app tests its own step), so the seed here stays small and fast."""
    kept = {k: v for k, v in core_demo._steps.items() if v.fn.__module__.startswith("fazhi.org")}
    monkeypatch.setattr(core_demo, "_steps", kept)


@pytest.fixture
def seeded(db):
    with time_machine.travel(NOON, tick=False):
        return _seed()


@pytest.fixture
def extra_step():
    """Registers a step for one test and removes it afterwards."""
    registered: list[str] = []

    def register(name: str, order: int, fn) -> None:
        core_demo.register_demo_step(name, order, fn)
        registered.append(name)

    yield register
    for name in registered:
        core_demo.unregister_demo_step(name)


def _org_counts() -> tuple[int, int, int]:
    return Region.objects.count(), Unit.objects.count(), User.objects.count()


def _specs_digest() -> str:
    rows = (
        [(s.code, s.name) for s in demo.region_specs()]
        + [(s.code, s.name) for s in demo.unit_specs()]
        + [(s.username, s.full_name) for s in demo.user_specs()]
    )
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _db_digest() -> str:
    regions = Region.objects.order_by("path").values_list("code", "name")
    by_code = {u.code: u for u in Unit.objects.all()}
    units = [(s.code, by_code[s.code].name) for s in demo.unit_specs()]
    users = User.objects.order_by("phone").values_list("username", "full_name")
    rows = [list(r) for r in regions] + [list(u) for u in units] + [list(u) for u in users]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


# --- what the seed creates ---------------------------------------------------------------


def test_seed_builds_the_demo_county_with_townships_villages_and_departments(seeded):
    county = Region.objects.get(code=COUNTY)
    city = Region.objects.get(code="990100000000", name="示例市")
    assert county.name == "示例县" and county.parent == city
    assert set(city.children.values_list("name", flat=True)) == {
        "示例县", "临溪县", "青山县", "安澜县", "丰乐县"
    }  # fmt: skip
    below = Region.objects.subtree(county)
    assert below.filter(level=RegionLevel.TOWNSHIP).count() == 12
    assert below.filter(level=RegionLevel.VILLAGE).count() == 200
    county_units = Unit.objects.filter(region=county)
    assert county_units.filter(kind=UnitKind.DEPARTMENT).count() == 40
    assert county_units.get(kind=UnitKind.GOVERNMENT).name == "示例县人民政府"
    for name in (
        "示例县公安局",
        "示例县市场监督管理局",
        "示例县综合行政执法局",
        "示例市生态环境局示例分局",
    ):
        assert county_units.filter(name=name, kind=UnitKind.DEPARTMENT).exists()
    for peer in demo.PEER_COUNTY_CODES:
        peer_below = Region.objects.subtree(Region.objects.get(code=peer))
        assert peer_below.filter(level=RegionLevel.TOWNSHIP).count() == 6
        assert peer_below.filter(level=RegionLevel.VILLAGE).count() == 60


def test_every_township_has_a_government_and_a_judicial_office_and_every_village_a_committee(
    seeded,
):
    justice = Unit.objects.get(code="990121-SFJ")
    for township in Region.objects.filter(level=RegionLevel.TOWNSHIP):
        kinds = sorted(township.units.values_list("kind", flat=True))
        assert kinds == sorted([UnitKind.TOWNSHIP_GOV, UnitKind.JUDICIAL_OFFICE])
    offices = Unit.objects.filter(kind=UnitKind.JUDICIAL_OFFICE, region__path__startswith="/9900")
    assert offices.filter(parent=justice).count() == 12
    assert Unit.objects.get(code="990121100-SFS").name == "示例县司法局青石司法所"
    villages = Region.objects.filter(level=RegionLevel.VILLAGE)
    assert not villages.exclude(units__kind=UnitKind.VILLAGE_COMMITTEE).exists()
    assert Unit.objects.get(code="990121100201-CWH").name == "青石村村民委员会"
    for name in ("示例县人民法院", "示例县人民检察院", "示例县人大常委会", "示例市中级人民法院"):
        assert Unit.objects.get(name=name).is_external


def test_governments_townships_and_the_county_justice_bureaus_oversee_their_regions(seeded):
    overseeing = set(Unit.objects.filter(oversees_region=True).values_list("code", flat=True))
    townships = Unit.objects.filter(kind=UnitKind.TOWNSHIP_GOV).values_list("code", flat=True)
    counties = [demo.data.MAIN_COUNTY.code6, *(c.code6 for c in demo.data.PEER_COUNTIES)]
    expected = {f"{c}-{suffix}" for c in counties for suffix in ("GOV", "SFJ")}
    assert overseeing == expected | set(townships) | {"990100-GOV"}
    # The county reviewer (司法局) sees the county; a 公安局 reviewer would see the 公安局 only.
    reviewer = User.objects.get(username="reviewer")
    assert Unit.objects.visible_to(reviewer).filter(kind=UnitKind.VILLAGE_COMMITTEE).count() == 200
    township_reviewer = User.objects.get(username="reviewer_qingshi")
    township_units = Unit.objects.visible_to(township_reviewer)
    township_path = township_reviewer.unit.region.path
    assert not township_units.exclude(region__path__startswith=township_path).exists()
    assert township_units.filter(kind=UnitKind.VILLAGE_COMMITTEE).count() == 20


def test_the_printed_login_table_lines_up_chinese_and_latin_columns(seeded):
    table = seeded.split("演示账号", 1)[1].splitlines()
    header = next(line for line in table if line.lstrip().startswith("用户名"))
    rows = [line for line in table if re.match(r"^  (county_admin|clerk_gaj|sysadmin)\s", line)]
    unit_column = display_width(header[: header.index("单位")])
    for row in rows:
        unit = next(u.unit.name for u in User.objects.filter(username=row.split()[0]))
        assert display_width(row[: row.index(unit)]) == unit_column


def test_region_codes_follow_the_twelve_digit_pattern_and_paths_the_tree(seeded):
    for region in Region.objects.select_related("parent"):
        assert re.fullmatch(r"99\d{10}", region.code)
        assert region.path == region.compute_path()
    for village in Region.objects.filter(level=RegionLevel.VILLAGE).select_related("parent"):
        assert village.code[:9] == village.parent.code[:9]
        number = int(village.code[9:])
        assert (1 <= number <= 199) if village.name.endswith("社区") else (number >= 201)
    for township in Region.objects.filter(level=RegionLevel.TOWNSHIP):
        names = list(township.children.values_list("name", flat=True))
        assert len(names) == len(set(names))
        suffix = "社区" if township.name.endswith("街道") else "村"
        assert all(name.endswith(suffix) and len(name) == 2 + len(suffix) for name in names)


def test_every_role_has_a_demo_user_who_must_change_the_password(seeded):
    users = User.objects.filter(demo_account=True)
    assert users.count() == User.objects.count()
    held = set(users.values_list("role_assignments__role", flat=True))
    assert held == set(Role)
    assert not users.filter(must_change_password=False).exists()
    assert not users.filter(full_name="").exists()
    assert User.objects.get(username="county_admin").unit.name == "示例县司法局"
    assert User.objects.get(username="reviewer_qingshi").unit.name == "青石镇人民政府"
    assert User.objects.get(username="county_admin_linxi").unit.name == "临溪县司法局"
    assert all(
        re.fullmatch(r"1380000\d{4}", phone) for phone in users.values_list("phone", flat=True)
    )


def test_seed_writes_one_import_audit_line_per_step_with_its_counts(seeded):
    lines = AuditEvent.objects.filter(event=Event.IMPORT)
    assert lines.count() == len(core_demo.demo_steps())
    org_line = lines.get(changes__步骤="组织机构")
    assert org_line.changes["数量"]["区划"] == Region.objects.count()
    assert org_line.changes["年度"] == [2023, 2024, 2025, 2026]
    assert org_line.object_repr == "示例县"


def test_seed_prints_progress_and_the_main_demo_logins(seeded):
    assert re.search(r"\[1/\d+\] 组织机构 …完成 \(\d+\.\d 秒\)", seeded)
    assert "http://127.0.0.1:8000/" in seeded and DEMO_PASSWORD in seeded
    for username in demo.MAIN_LOGINS:
        assert re.search(rf"^  {username}\s", seeded, re.MULTILINE)
    assert "首次登录时须修改密码" in seeded


def test_demo_data_is_the_same_in_every_process_and_in_the_database(seeded):
    # Another interpreter with another hash seed: set ordering must not leak into the data.
    script = (
        "import django; django.setup(); "
        "from fazhi.org.tests.test_seed_demo import _specs_digest; print(_specs_digest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "DJANGO_SETTINGS_MODULE": "fazhi.settings_test"}
    root = Path(settings.BASE_DIR)
    other = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert other == _specs_digest() == _db_digest()


# --- guards ------------------------------------------------------------------------------


def test_if_empty_is_a_no_op_on_a_seeded_database_but_prints_the_logins(seeded):
    before = _org_counts(), AuditEvent.objects.count()

    output = _seed("--if-empty")

    assert (_org_counts(), AuditEvent.objects.count()) == before
    assert "跳过生成" in output and "county_admin" in output and DEMO_PASSWORD in output


def test_if_empty_leaves_a_database_with_other_data_alone(db):
    RegionFactory(code="980000000000", name="另一省", level=RegionLevel.PROVINCE)

    output = _seed("--if-empty")

    assert Region.objects.count() == 1 and "跳过生成" in output and DEMO_PASSWORD not in output


def test_seed_refuses_a_non_empty_database_without_force(tree):
    before = _org_counts()

    with pytest.raises(CommandError, match=r"数据库不是空的.*--force"):
        _seed()

    assert _org_counts() == before


def test_force_refuses_when_demo_codes_already_exist(tree):
    before = _org_counts()

    with pytest.raises(CommandError, match="冲突：区划代码 990000000000"):
        _seed("--force")

    assert _org_counts() == before


def test_force_seeds_beside_unrelated_data(db):
    RegionFactory(code="980000000000", name="另一省", level=RegionLevel.PROVINCE)

    _seed("--force")

    assert Region.objects.filter(code=COUNTY).exists()


# --- the hook ----------------------------------------------------------------------------


def test_a_registered_step_runs_after_the_org_step_with_the_context(db, extra_step):
    seen: dict[str, object] = {}

    def step(ctx: core_demo.DemoContext) -> dict[str, int]:
        county = ctx.region(COUNTY)
        seen["years"] = ctx.years
        seen["today"] = ctx.today
        seen["townships"] = len(ctx.regions_under(county, level=RegionLevel.TOWNSHIP))
        seen["departments"] = len(ctx.units_under(county, kind=UnitKind.DEPARTMENT))
        seen["clerk"] = ctx.user("clerk_qingshi").unit.name
        seen["police"] = ctx.unit_named("示例县公安局").code
        seen["draw"] = ctx.random.random()
        seen["date"] = ctx.random_date(2026)
        return {"测试记录": 3}

    extra_step("测试步骤", 90, step)
    with time_machine.travel(NOON, tick=False):
        output = _seed()

    assert seen["years"] == [2023, 2024, 2025, 2026] and seen["today"] == NOON.date()
    assert (seen["townships"], seen["departments"]) == (12, 40)
    assert seen["clerk"] == "青石镇人民政府" and seen["police"] == "990121-GAJ"
    assert seen["draw"] == core_demo.step_random("测试步骤").random()
    assert dt.date(2026, 1, 1) <= seen["date"] <= NOON.date()
    assert re.search(r"\[2/2\] 测试步骤 …完成 \(\d+\.\d 秒\)：测试记录 3", output)
    assert AuditEvent.objects.filter(event=Event.IMPORT, changes__步骤="测试步骤").count() == 1


def test_a_failing_step_undoes_its_own_writes_and_names_itself(db, extra_step):
    def broken(ctx: core_demo.DemoContext) -> None:
        RegionFactory(code="990124000000", name="半途县", parent=ctx.region("990100000000"))
        raise ValueError("测试故障")

    extra_step("会失败的步骤", 90, broken)

    with pytest.raises(CommandError, match="“会失败的步骤”失败：测试故障"):
        _seed()

    assert Region.objects.filter(code=COUNTY).exists()
    assert not Region.objects.filter(code="990124000000").exists()


def test_registering_another_function_under_a_taken_name_is_refused(extra_step):
    extra_step("重名步骤", 90, lambda ctx: None)

    with pytest.raises(ValueError, match="重名步骤"):
        core_demo.register_demo_step("重名步骤", 91, lambda ctx: None)


def test_context_years_are_three_full_years_and_the_current_year_to_date():
    ctx = core_demo.DemoContext(today=dt.date(2026, 11, 20))

    assert ctx.years == [2023, 2024, 2025, 2026]
    assert ctx.period(2025) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert ctx.period(2026) == (dt.date(2026, 1, 1), dt.date(2026, 11, 20))


# --- passwords and login -----------------------------------------------------------------


def test_the_demo_password_passes_the_password_rules_for_every_demo_user():
    for spec in demo.user_specs():
        validate_password(DEMO_PASSWORD, User(username=spec.username, full_name=spec.full_name))


def test_demo_user_logs_in_with_the_printed_password_and_must_change_it_outside_demo_mode(
    seeded, client, settings
):
    settings.FAZHI_DEMO_MODE = False
    password = re.search(r"密码：(\S+)（", seeded).group(1)

    response = client.post(reverse("login"), {"username": "county_admin", "password": password})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="county_admin").pk)
    assert reverse("password-change") in client.get(reverse("core:inbox"))["Location"]


# --- data fits the schema ----------------------------------------------------------------


def test_demo_data_fits_the_model_fields():
    def limit(model, name):
        return model._meta.get_field(name).max_length

    for r in demo.region_specs():
        assert len(r.code) == 12 and len(r.name) <= limit(Region, "name")
    for u in demo.unit_specs():
        assert len(u.code) <= limit(Unit, "code") and len(u.name) <= limit(Unit, "name")
        assert len(u.short_name) <= limit(Unit, "short_name") and u.kind in UnitKind.values
    for s in demo.user_specs():
        assert len(s.username) <= limit(User, "username") and len(s.position) <= limit(
            User, "position"
        )
        assert all(role in Role.values for role in s.roles)
    codes = [u.code for u in demo.unit_specs()]
    assert len(codes) == len(set(codes))
