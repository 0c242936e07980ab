"""The public points mall (积分商城) and its flash sales (在线抢购), under /<language>/mall/."""

from django.urls import path

from . import views

app_name = "mall"

urlpatterns = [
    path("", views.mall, name="index"),
    path("goods/<id:pk>/redeem/", views.redeem_goods, name="redeem"),
    path("sales/<id:pk>/", views.flash_sale, name="sale"),
    path("sales/<id:pk>/status/", views.sale_status, name="sale_status"),
    path("sales/<id:pk>/buy/", views.sale_buy, name="sale_buy"),
]
