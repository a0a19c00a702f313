"""digest.html in a real browser: headless Debian chromium, driven over the DevTools protocol
on a pipe (no extra packages). Skips where no chromium is installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tarjama.clients.cli.main import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # starts chromium
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]

CLICK_EVERY_CITATION = """
(() => {
  const out = [];
  for (const link of Array.from(document.querySelectorAll('a.cite')).slice(0, 300)) {
    link.click();
    const viewer = document.getElementById('viewer');
    const ar = viewer.querySelector('.ar');
    out.push({a: +link.dataset.a, s: +link.dataset.s, label: link.textContent,
              en: viewer.querySelector('.en').textContent, ar: ar.textContent,
              direction: getComputedStyle(ar).direction, open: viewer.classList.contains('open'),
              row: (document.querySelector('tr.current') || {id: ''}).id});
  }
  return JSON.stringify(out);
})()
"""
# Where the first two letters of an Arabic cell are drawn: right to left means the first
# one is further right.
ARABIC_LAYOUT = """
(() => {
  const cell = document.querySelector('td[dir=rtl]');
  const text = cell.firstChild;
  const box = i => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                     return r.getBoundingClientRect(); };
  return JSON.stringify({direction: getComputedStyle(cell).direction,
                         first: box(0).left, second: box(1).left});
})()
"""


class DevTools:
    """A minimal DevTools-protocol client over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, url: str, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def wire() -> None:
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--remote-debugging-pipe", url],
            preexec_fn=wire, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self.session = None

    def call(self, method: str, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._replies, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._commands)
        os.close(self._replies)


@pytest.fixture
def digest_folder(tmp_path, seeds, summarizing_server):
    out = tmp_path / "digest"
    code = main(["digest", *map(str, sorted(seeds.dir.glob("00[0-2]*.txt"))), "--out", str(out),
                 "--server", summarizing_server])  # fmt: skip
    assert code == 0
    return out


def test_citations_resolve_and_arabic_renders_right_to_left(digest_folder, tmp_path):
    data = json.loads((digest_folder / "digest.json").read_text(encoding="utf-8"))
    page = (digest_folder / "digest.html").as_uri()
    assert "http://" not in (digest_folder / "digest.html").read_text(encoding="utf-8")
    browser = DevTools("about:blank", tmp_path / "profile")
    try:
        targets = browser.call("Target.getTargets")["targetInfos"]
        page_target = next(t for t in targets if t["type"] == "page")
        browser.session = browser.call(
            "Target.attachToTarget", targetId=page_target["targetId"], flatten=True
        )["sessionId"]
        browser.call("Page.navigate", url=page)
        deadline = time.monotonic() + 60
        loaded = f"location.href === {json.dumps(page)} && document.readyState === 'complete'"
        while not browser.evaluate(loaded):
            assert time.monotonic() < deadline, "the page did not load"
            time.sleep(0.1)
        clicks = json.loads(browser.evaluate(CLICK_EVERY_CITATION))
        layout = json.loads(browser.evaluate(ARABIC_LAYOUT))
    finally:
        browser.close()
    assert len(clicks) > 10
    for click in clicks:
        article = data["articles"][click["a"]]
        assert click["label"] == f"[{click['a'] + 1}:{click['s'] + 1}]"
        assert click["open"] and click["en"] == article["sentences"][click["s"]]
        assert click["ar"] == article["sources"][click["s"]] and click["ar"]
        assert click["direction"] == "rtl"
        assert click["row"] == f"s-{click['a']}-{click['s']}"  # marked in the side-by-side view
    assert layout["direction"] == "rtl"
    assert layout["first"] > layout["second"], "the first Arabic letter is drawn rightmost"
