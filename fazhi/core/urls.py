from django.urls import path

from fazhi.core import views

app_name = "core"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/years/", views.calendar_enter_year, name="calendar-enter-year"),
    path(
        "calendar/years/<int:year>/delete/",
        views.calendar_delete_year,
        name="calendar-delete-year",
    ),
    path("calendar/days/", views.calendar_add_day, name="calendar-add-day"),
    path("calendar/days/<int:pk>/", views.calendar_day, name="calendar-day"),
    path("calendar/days/<int:pk>/delete/", views.calendar_delete_day, name="calendar-delete-day"),
    path("deadlines/rules/", views.deadline_rules, name="deadline-rules"),
]
