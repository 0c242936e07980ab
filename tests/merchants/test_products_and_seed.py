"""Local products, the home page's directory section, and the demo seed."""

from merchants.factories import MerchantPageFactory, ProductPageFactory
from merchants.models import ClassifiedAd, DirectoryCategoryPage, MerchantPage, ProductPage


def test_a_product_page_links_to_the_partner_shop(client, product_index):
    product = ProductPageFactory(
        parent=product_index, title="凯特芒果", shop_url="https://shop.example.com/item/9"
    )
    html = client.get(product.url).content.decode()
    assert 'href="https://shop.example.com/item/9"' in html
    assert "凯特芒果" in client.get(product_index.url).content.decode()


def test_the_home_page_shows_verified_merchants(client, home, food):
    MerchantPageFactory(parent=food, title="认证火锅", verified=True)
    MerchantPageFactory(parent=food, title="未认证小店", verified=False)
    html = client.get(home.url).content.decode()
    assert "认证火锅" in html
    assert "未认证小店" not in html


def test_the_directory_index_renders_with_its_apply_link(client, directory, food):
    MerchantPageFactory(parent=food, verified=True)
    html = client.get(directory.url).content.decode()
    assert "商家免费入驻" in html
    assert client.get(directory.url + directory.reverse_subpage("apply")).status_code == 200


def run_seed(merchants):
    from io import StringIO

    from django.core.management.base import BaseCommand

    from merchants import seed
    from rongmei.demo import Demo

    demo = Demo(BaseCommand(stdout=StringIO()), {"verbosity": 0, "merchants": merchants})
    seed.seed(demo)


def test_the_seed_builds_every_category_board_and_product_and_a_second_run_adds_nothing(home, monkeypatch):
    from rongmei.demo import Demo

    full_size = Demo.image
    monkeypatch.setattr(Demo, "image", lambda self, title, width=0, height=0: full_size(self, title, 32, 18))
    run_seed(30)
    assert DirectoryCategoryPage.objects.count() == 6
    for category in DirectoryCategoryPage.objects.all():
        assert MerchantPage.objects.child_of(category).live().count() >= 5
    assert {ad.board for ad in ClassifiedAd.objects.visible()} == {
        "eats",
        "leisure",
        "housing",
        "cars",
        "jobs",
    }
    assert ProductPage.objects.live().count() >= 5
    counts = (MerchantPage.objects.count(), ClassifiedAd.objects.count(), ProductPage.objects.count())
    run_seed(30)
    assert (MerchantPage.objects.count(), ClassifiedAd.objects.count(), ProductPage.objects.count()) == counts
    bulk = MerchantPage.objects.filter(slug__startswith="bulk-")
    assert bulk.count() == 30
    assert MerchantPage.objects.open_now().exists()
