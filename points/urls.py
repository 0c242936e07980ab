from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("", views.history, name="history"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("redeem/", views.redeem, name="redeem"),
]
