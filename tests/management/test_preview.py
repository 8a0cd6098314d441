from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.samples import SAMPLE_LINES
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.installations import make_installation

# A store's first_reminder with a stray closing tag: MJML stops at </mj-body> on line 9.
BROKEN_BODY = """<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Hi {{ customer.first_name }}</mj-text>
      </mj-column>
    </mj-section>
    </mj-column>
  </mj-body>
</mjml>
"""
SAVED_BODY = """<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>{{ shop.name }} kept {{ line_count }} items for you: {{ total }}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
"""


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_preview_writes_the_sample_cart_in_yen_without_decimals(tmp_path):
    # given
    path = tmp_path / "cart.html"

    # when
    output = run("preview", "first_reminder", "--currency", "JPY", "--output", str(path))

    # then
    assert output.splitlines() == ["Subject: Alex, you left something in your cart",
                                   f"HTML written to {path}"]
    html = path.read_text(encoding="utf-8")
    for product_name, variant_name, _thumbnail, _quantity, _price in SAMPLE_LINES:
        assert product_name in html
    assert "Navy / M" in html
    assert "2 × ¥90 = ¥180" in html
    assert "3 × ¥12 = ¥36" in html
    assert "<strong>Total: ¥1,457</strong>" in html


def test_preview_in_russian_rubles_writes_to_the_current_directory(tmp_path, monkeypatch):
    # given
    monkeypatch.chdir(tmp_path)

    # when
    output = run("preview", "last_chance", "--locale", "ru", "--currency", "RUB")

    # then
    assert output.splitlines()[1] == "HTML written to last_chance.ru.html"
    assert output.startswith("Subject: Скидка 10 % на вашу корзину до ")
    html = (tmp_path / "last_chance.ru.html").read_text(encoding="utf-8")
    assert "<strong>Итого: 1\xa0456,55\xa0₽</strong>" in html
    assert "COMEBACK10" in html


def test_preview_prints_the_plain_text_part(tmp_path):
    # given
    path = tmp_path / "cart.html"

    # when
    output = run("preview", "follow_up", "--output", str(path), "--text")

    # then
    lines = output.splitlines()
    assert lines[:4] == ["Subject: Your cart at Sample Shop is still waiting for you",
                         f"HTML written to {path}", "", "Sample Shop"]
    assert "Total: $1,456.55" in lines
    assert "<" not in output


def test_preview_of_an_unknown_template_names_it(tmp_path, monkeypatch):
    # given
    monkeypatch.chdir(tmp_path)

    # when
    with pytest.raises(CommandError) as failure:
        run("preview", "welcome")

    # then
    assert str(failure.value) == ("Unknown template 'welcome'; choose one of first_reminder, "
                                  "follow_up, last_chance.")
    assert list(tmp_path.iterdir()) == []


def test_preview_of_an_unknown_store_fails(db, tmp_path, monkeypatch):
    # given
    monkeypatch.chdir(tmp_path)

    # when
    with pytest.raises(CommandError) as failure:
        run("preview", "first_reminder", "--store", "https://nowhere.example.com/graphql/")

    # then
    assert str(failure.value) == "No installation for 'https://nowhere.example.com/graphql/'."
    assert list(tmp_path.iterdir()) == []


def test_preview_with_a_store_uses_its_settings_and_saved_template(db, tmp_path):
    # given
    installation = make_installation()
    StoreSettings.objects.create(installation=installation, shop_name="Example Shop")
    EmailTemplate.objects.create(installation=installation, language="en",
                                 name="first_reminder", subject="{{ shop.name }} misses you",
                                 body=SAVED_BODY)
    path = tmp_path / "store.html"

    # when
    output = run("preview", "first_reminder", "--store", installation.saleor_api_url,
                 "--output", str(path))

    # then
    assert output.splitlines()[0] == "Subject: Example Shop misses you"
    assert "Example Shop kept 5 items for you: $1,456.55" in path.read_text(encoding="utf-8")


def test_preview_of_a_broken_saved_template_names_the_stage_and_line(db, tmp_path,
                                                                      monkeypatch):
    # given
    monkeypatch.chdir(tmp_path)
    installation = make_installation()
    EmailTemplate.objects.create(installation=installation, language="en",
                                 name="first_reminder", subject="Hi", body=BROKEN_BODY)

    # when
    with pytest.raises(CommandError) as failure:
        run("preview", "first_reminder", "--store", installation.saleor_api_url)

    # then
    assert str(failure.value).startswith(
        "MJML failed (first_reminder, line 9): unexpected token in root template at position ")
    assert list(tmp_path.iterdir()) == []
