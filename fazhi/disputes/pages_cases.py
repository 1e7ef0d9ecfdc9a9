"""Placeholder: replaced by the pages of this part."""

from django.http import Http404


def home(request, **kwargs):
    raise Http404


def recon_list(request, **kwargs):
    raise Http404


def recon_create(request, **kwargs):
    raise Http404


def recon_detail(request, **kwargs):
    raise Http404


def recon_transition(request, **kwargs):
    raise Http404


def lawsuit_list(request, **kwargs):
    raise Http404


def lawsuit_create(request, **kwargs):
    raise Http404


def lawsuit_detail(request, **kwargs):
    raise Http404


def lawsuit_transition(request, **kwargs):
    raise Http404


def hearing_create(request, **kwargs):
    raise Http404
