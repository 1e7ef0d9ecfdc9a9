"""Placeholder: replaced by the pages of this part."""

from django.http import Http404


def board(request, **kwargs):
    raise Http404


def mark(request, **kwargs):
    raise Http404


def progress_add(request, **kwargs):
    raise Http404


def notice_create(request, **kwargs):
    raise Http404


def notice_docx(request, **kwargs):
    raise Http404


def briefing(request, **kwargs):
    raise Http404


def briefing_docx(request, **kwargs):
    raise Http404
