"""RSS and Atom items carry their update as HTML in a safe subset (nh3), escaped once into the
XML as both formats define, so a reader renders it: the summary's own < > & " show as typed,
links are absolute, and scripts, event handlers and javascript: links are gone."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.cms import helpers

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SUMMARY = 'Vi <3 "äldre" & unga'
BODY = (
    '<p>Läs om <a href="/piloter/">piloterna</a>.<script>alert(1)</script>'
    '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)" onclick="alert(4)">här</a>'
    '<b style="color:red">fet</b></p>'
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _read(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


@pytest.fixture
def update():
    page = helpers.update(
        title="Nyhet med <tecken>",
        body=[("heading", {"text": "Rubrik & mer"}), ("paragraph", BODY)],
    )
    page.summary = SUMMARY
    page.save_revision().publish()
    return page


def _assert_safe_html_a_reader_renders(html: str):
    read = _read(html)
    text = "".join(read.text)
    assert SUMMARY in text  # the summary's characters as typed, not as markup
    assert "Rubrik & mer" in text
    assert "alert" not in html and "script" not in html and "onerror" not in html
    assert {tag for tag, _attrs in read.tags} <= {"p", "a", "b", "h2", "strong", "em"}
    links = [attrs for tag, attrs in read.tags if tag == "a"]
    assert links[0]["href"] == "http://testserver/piloter/"
    assert all(not a.get("href", "").startswith("javascript") for a in links)
    assert all(set(a) <= {"href", "rel"} for a in links)


def test_rss_description_is_safe_html(client, update):
    response = client.get("/nyheter/rss/")
    assert response.status_code == 200
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("title") == "Nyhet med <tecken>"
    _assert_safe_html_a_reader_renders(item.findtext("description"))


def test_atom_summary_is_safe_html(client, update):
    response = client.get("/nyheter/atom/")
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    _assert_safe_html_a_reader_renders(summary.text)
