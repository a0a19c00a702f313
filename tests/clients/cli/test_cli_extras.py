"""Install hints for a missing extra name the checkout tarjama came from, never a package index."""

from __future__ import annotations

import json

import pytest

from tarjama.clients.cli import extras


class _Dist:
    def __init__(self, record):
        self.record = record

    def read_text(self, name):
        assert name == "direct_url.json"
        return None if self.record is None else json.dumps(self.record)


@pytest.mark.parametrize(
    ("record", "hint"),
    [
        (
            {"url": "file:///home/me/tarjama", "dir_info": {"editable": True}},
            "pip install -e '/home/me/tarjama[serve]'",
        ),
        ({"url": "file:///src/tar%20jama", "dir_info": {}}, "pip install '/src/tar jama[serve]'"),
        (None, "pip install -e '.[serve]' in your tarjama checkout"),
        # A wheel or an index install: no folder to name.
        ({"url": "https://example.com/t.whl", "archive_info": {}}, "pip install -e '.[serve]' in"),
    ],
)
def test_the_hint_names_the_checkout(monkeypatch, record, hint):
    monkeypatch.setattr(extras.metadata, "distribution", lambda _name: _Dist(record))
    assert extras.install_hint("serve").startswith(hint)


def test_the_missing_extra_line_is_one_line_without_a_package_name():
    line = extras.missing_extra(ModuleNotFoundError("x", name="torch"))
    assert line is not None and "\n" not in line
    assert "[serve]" in line and "'tarjama[" not in line and "install tarjama" not in line
