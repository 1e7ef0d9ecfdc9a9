from django.urls import path

app_name = "indicators"

urlpatterns: list = []
