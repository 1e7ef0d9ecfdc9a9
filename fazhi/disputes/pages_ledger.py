"""Placeholder: replaced by the pages of this part."""

from django.http import Http404


def template(request, **kwargs):
    raise Http404


def import_upload(request, **kwargs):
    raise Http404


def import_confirm(request, **kwargs):
    raise Http404


def export(request, **kwargs):
    raise Http404
