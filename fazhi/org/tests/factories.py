"""factory_boy factories for regions, units and users."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from fazhi.org.models import (
    Region,
    RegionLevel,
    RoleAssignment,
    Unit,
    UnitKind,
    User,
    oversees_by_default,
)

PASSWORD = "Passw0rd!x"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"98{n:010d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = RegionLevel.COUNTY
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path if o.parent else '/'}{o.code}/")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:06d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT
    region = factory.SubFactory(RegionFactory)
    # As the services default it: governments and township governments oversee their region.
    oversees_region = factory.LazyAttribute(lambda o: oversees_by_default(o.kind))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password(PASSWORD)
    unit = factory.SubFactory(UnitFactory)
    must_change_password = False

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, role=role)
        self.forget_roles()
