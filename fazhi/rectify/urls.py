from django.urls import path

from fazhi.rectify import views

app_name = "rectify"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("<int:item_id>/", views.item_detail, name="item"),
    path("<int:item_id>/submit/", views.item_submit, name="submit"),
    path("<int:item_id>/close/", views.item_close, name="close"),
    path("<int:item_id>/send-back/", views.item_send_back, name="send-back"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
]
