"""Regions, units, users and their roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse

from fazhi.core.models import TimeStampedModel, VersionedModel
from fazhi.core.permissions import Perm
from fazhi.org.roles import Role, perms_of

if TYPE_CHECKING:
    from fazhi.org.scoping import ScopedQuerySet  # noqa: F401


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县(市、区)"
    TOWNSHIP = "township", "乡镇(街道)"
    VILLAGE = "village", "村(社区)"


LEVEL_ORDER = [
    RegionLevel.PROVINCE,
    RegionLevel.CITY,
    RegionLevel.COUNTY,
    RegionLevel.TOWNSHIP,
    RegionLevel.VILLAGE,
]


class RegionQuerySet(models.QuerySet["Region"]):
    def subtree(self, region: Region) -> RegionQuerySet:
        return self.filter(path__startswith=region.path)


class Region(TimeStampedModel):
    """An administrative division; `path` ("/99/9901/…/") makes a subtree one indexed prefix match."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("区划名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级区划",
    )
    path = models.CharField("路径", max_length=255, db_index=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return LEVEL_ORDER.index(RegionLevel(self.level))

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.code}/"

    def ancestors(self) -> list[Region]:
        """From the root down to the parent; cheap because `path` lists the codes."""
        codes = [c for c in self.path.strip("/").split("/") if c and c != self.code]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def path_codes(self) -> list[str]:
        """The codes from the root down to this region itself."""
        return [c for c in self.path.strip("/").split("/") if c]

    def county(self) -> Region | None:
        """The county-level region this region is in (itself when it is one), or None above."""
        if self.level == RegionLevel.COUNTY:
            return self
        return (
            Region.objects.filter(code__in=self.path_codes(), level=RegionLevel.COUNTY)
            .order_by("path")
            .first()
        )

    def full_name(self) -> str:
        return "".join(r.name for r in [*self.ancestors(), self])


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "行政机关（部门）"
    TOWNSHIP_GOV = "township_gov", "乡镇政府/街道办"
    JUDICIAL_OFFICE = "judicial_office", "司法所"
    VILLAGE_COMMITTEE = "village_committee", "村(居)委会"
    COURT = "court", "人民法院"
    PROCURATORATE = "procuratorate", "人民检察院"
    PEOPLES_CONGRESS = "peoples_congress", "人大常委会"
    OTHER_EXTERNAL = "other_external", "其他外部机关"


EXTERNAL_KINDS = frozenset(
    {UnitKind.COURT, UnitKind.PROCURATORATE, UnitKind.PEOPLES_CONGRESS, UnitKind.OTHER_EXTERNAL}
)
# Kinds that oversee their region by default (a new unit, an import row without 统筹本区划): the
# 人民政府 of a county and the 乡镇政府/街道办 of a township. A county's 司法局 oversees too (its
# 合法性审查中心 reviews for the whole county) but is a department like any other, so it is set
# by hand, as the demo seed does.
OVERSEEING_KINDS = frozenset({UnitKind.GOVERNMENT, UnitKind.TOWNSHIP_GOV})


def oversees_by_default(kind: str) -> bool:
    return kind in OVERSEEING_KINDS


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: Any) -> UnitQuerySet:
        from fazhi.org.scoping import scope_q

        return self.filter(scope_q(user, "pk"))

    def internal(self) -> UnitQuerySet:
        return self.exclude(kind__in=EXTERNAL_KINDS)


class Unit(VersionedModel):
    """A body that acts, submits or is referred to: a department, a township, a court …"""

    code = models.CharField("单位编码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("单位类型", max_length=20, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="units", verbose_name="所属区划"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级单位",
    )
    oversees_region = models.BooleanField(
        "统筹本区划事务",
        default=False,
        help_text="勾选后，本单位的法审员可查看本区划及下级区划的全部记录（人民政府、"
        "乡镇政府/街道办、承担合法性审查的县司法局）；不勾选时只能查看本单位的记录。",
    )
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region__path", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="org_unit_region_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit-detail", kwargs={"code": self.code})

    @property
    def is_external(self) -> bool:
        return self.kind in EXTERNAL_KINDS


class User(AbstractUser):
    """A person who signs in. Belongs to one unit; holds one or more roles."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="所在单位",
    )
    position = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    demo_account = models.BooleanField("演示账号", default=False, editable=False)

    objects: ClassVar[UserManager[Self]] = UserManager()

    # Personal data, masked (by kind) wherever fazhi.core.audit snapshots a user
    # (个人信息保护法 第五十一条: the audit trail keeps no full phone number).
    personal_fields: ClassVar[dict[str, str]] = {"phone": "phone"}

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("org:user-detail", kwargs={"username": self.username})

    def role_set(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            if self.pk is None:
                cached = frozenset()
            else:
                cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_cache", None)

    def has_role(self, role: Role) -> bool:
        return role in self.role_set()

    def role_labels(self) -> list[str]:
        roles = self.role_set()
        return [role.label for role in Role if role in roles]

    def has_fazhi_perm(self, perm: Perm) -> bool:
        return self.is_active and perm in perms_of(self.role_set())


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="org_role_user_role_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
