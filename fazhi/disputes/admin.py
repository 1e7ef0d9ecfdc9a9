"""Configuration of the disputes app in the config admin: the fields of administration (领域).

Cases themselves are business records, edited through their pages and services only.
"""

from __future__ import annotations

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin

from .models import DisputeField


@admin.register(DisputeField)
class DisputeFieldAdmin(AuditedAdmin):
    list_display = ("name", "code", "aliases", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    search_fields = ("name", "code", "aliases")
    ordering = ("sort_order", "code")
