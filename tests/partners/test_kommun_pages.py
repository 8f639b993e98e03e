"""/kommuner/ names the SKR group as search and the benchmark do, and lists the län in
Swedish alphabetical order."""

import re

import pytest

from core.collation import swedish_key

pytestmark = pytest.mark.django_db


def test_kommun_list_names_the_skr_group_as_the_rest_of_the_portal(client):
    body = client.get("/kommuner/", {"grupp": "B3"}).content.decode()
    assert '<label for="f-grupp">SKR-kommungrupp</label>' in body
    assert "SKR kommungrupp" not in body
    assert '<option value="B3" selected>Större stad</option>' in body
    assert "<td>Större stad</td>" in body and "B3 Större stad" not in body


def test_kommun_profile_names_the_skr_group_as_the_rest_of_the_portal(client):
    body = client.get("/kommuner/0180/").content.decode()
    assert "<dt>SKR-kommungrupp</dt><dd>Storstäder " in body
    assert "SKR kommungrupp" not in body


@pytest.mark.parametrize("url", ["/kommuner/", "/organisationer/"])
def test_lan_filter_is_in_swedish_alphabetical_order(client, url):
    body = client.get(url).content.decode()
    select = body.split('id="f-lan"')[1].split("</select>")[0]
    names = re.findall(r'<option value="\d\d"[^>]*>([^<]+)</option>', select)
    assert len(names) == 21
    assert names[-2:] == ["Örebro län", "Östergötlands län"]
    assert names.index("Västra Götalands län") < names.index("Örebro län")
    assert names == sorted(names, key=swedish_key)


def test_swedish_order_puts_a_ring_a_dots_o_dots_after_z():
    names = ["Östhammar", "Åre", "Älmhult", "Zinkgruvan", "Eslöv", "Åmål", "Ängelholm"]
    assert sorted(names, key=swedish_key) == [
        "Eslöv",
        "Zinkgruvan",
        "Åmål",
        "Åre",
        "Älmhult",
        "Ängelholm",
        "Östhammar",
    ]
