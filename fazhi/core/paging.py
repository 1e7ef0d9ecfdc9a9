"""The query string a paginated list keeps when its page links change only the page."""

from __future__ import annotations

from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """The request's GET parameters without `page`, url-encoded ("" when there are none)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_link_prefix(request: HttpRequest) -> str:
    """What `includes/pagination.html` puts before `page=N`: the filters and a "&", or ""."""
    query = query_without_page(request)
    return f"{query}&" if query else ""
