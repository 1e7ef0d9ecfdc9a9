import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import AuditEvent
from fazhi.org.models import User
from fazhi.org.roles import Role

pytestmark = pytest.mark.django_db


def test_command_creates_an_administrator_account_that_must_change_its_password(tree, capsys):
    call_command(
        "admin_account",
        role="auditor",
        username="audit2",
        full_name="审计员",
        unit=tree["units"]["justice"].code,
    )

    user = User.objects.get(username="audit2")
    password = capsys.readouterr().out.split("：")[-1].strip()
    assert user.role_set() == {Role.AUDITOR}
    assert user.must_change_password and user.check_password(password)
    event = AuditEvent.objects.filter(object_id=str(user.pk)).latest("pk")
    assert event.actor is None and event.message.startswith("命令行")
    assert user.password not in str(event.changes)


def test_command_resets_only_an_existing_account_of_that_role(tree, sysadmin, county_admin):
    call_command("admin_account", role="sysadmin", username="sysadmin", reset=True)
    sysadmin.refresh_from_db()
    assert sysadmin.must_change_password

    with pytest.raises(CommandError, match="不是系统管理员账号"):
        call_command("admin_account", role="sysadmin", username="county_admin", reset=True)
    with pytest.raises(CommandError, match="已存在"):
        call_command(
            "admin_account", role="sysadmin", username="sysadmin", full_name="x", unit="U-SFJ"
        )
    with pytest.raises(CommandError, match="未找到单位编码"):
        call_command("admin_account", role="secadmin", username="s2", full_name="x", unit="NOPE")
