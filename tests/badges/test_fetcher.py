"""WeasyPrint may load data: URIs and the app's static files, nothing else."""

import pytest

from badges.fetcher import StaticOnlyURLFetcher
from badges.pdf import STATIC_DIR


@pytest.fixture
def fetcher():
    return StaticOnlyURLFetcher([STATIC_DIR])


def test_data_uri_is_allowed(fetcher):
    assert fetcher("data:text/plain;base64,aGk=").read() == b"hi"


def test_own_static_file_is_allowed(fetcher):
    css = (STATIC_DIR / "badges" / "badge.css").as_uri()
    assert b".badge" in fetcher(css).read()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/tracker.png",
        "ftp://example.org/x",
        "file:///etc/passwd",
        (STATIC_DIR / "badges" / ".." / ".." / "models.py").as_uri(),
        "file://evil.example/share/x.png",
    ],
)
def test_network_and_other_files_are_refused(fetcher, url):
    with pytest.raises(ValueError, match="may not load"):
        fetcher(url)


def test_a_refused_image_in_badge_html_is_skipped_not_fetched(fetcher, caplog):
    from badges import render

    state = render._setup("", [str(STATIC_DIR)], STATIC_DIR.as_uri() + "/")
    pdf = render._render('<p>Hi</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png">', state)
    assert pdf.startswith(b"%PDF")
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "may not load 'file:///etc/hostname'" in messages
    assert "may not load 'http://127.0.0.1:9/x.png'" in messages
