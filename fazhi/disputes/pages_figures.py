"""Placeholder: replaced by the pages of this part."""

from django.http import Http404


def figures(request, **kwargs):
    raise Http404


def records(request, **kwargs):
    raise Http404
