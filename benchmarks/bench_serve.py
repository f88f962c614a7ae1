"""`mgl serve` after a one-clause edit, against `mgl build --format txt,md` of the same edit.

A copy of the corpus (without versions.yaml, so its texts may change) is served on
localhost. Each round edits one clause and times, from the save:

- the edited page showing the new words, in the governing language (the quick pass);
- the same page in the second language saying its downloads are being rebuilt (the
  full pass; its text is a translation, so the new words never show there);
- the "being rebuilt" notice gone from it (the background build, then the full pass).

Once the preview is quiet again, `mgl build --format txt,md` of the same edit is timed
as a process into a folder of its own, and the ratio of the medians is printed
(budget 1.5). Never fails on a number.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CLAUSE = "clauses/02-rights/no-derivatives.md"  # `when: ND`
WORDS = "only as verbatim copies"
NOTICE = "The downloads on this page are being rebuilt"
ROUNDS = 5


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def until(check: object, timeout: float, start: float) -> float:
    """Seconds from `start` until `check()` holds (polled every 10 ms); the timeout when it never does."""
    assert callable(check)
    while not check():
        if time.monotonic() - start > timeout:
            return float("nan")
        time.sleep(0.01)
    return time.monotonic() - start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    family = yaml.safe_load((ROOT / "variants.yaml").read_text(encoding="utf-8"))
    nd = next(f"{v['name']}-{family['family']['version']}" for v in family["variants"] if "ND" in v.get("options", []))
    other = family["languages"][1] if len(family.get("languages", [])) > 1 else None
    zh_notice = None
    if other:
        labels = yaml.safe_load((ROOT / "site" / f"labels.{other}.yml").read_text(encoding="utf-8"))
        zh_notice = next(v for k, v in labels.items() if k.startswith(NOTICE))
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "corpus"
        root.mkdir()
        for name in ("variants.yaml", "clauses", "translations", "site"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
        artifacts, text_out = Path(temp) / "artifacts", Path(temp) / "txt-md"
        mgl = [sys.executable, "-m", "clausekit"]
        subprocess.run([*mgl, "build", "--root", str(root), "--out", str(artifacts)], check=True, capture_output=True)
        subprocess.run([*mgl, "build", "--root", str(root), "--out", str(text_out), "--format", "txt,md"], check=True)
        port = free_port()
        server = subprocess.Popen(
            [*mgl, "serve", "--root", str(root), "--artifacts", str(artifacts), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        page, zh_page = f"{base}/licenses/{nd}.html", f"{base}/{other}/licenses/{nd}.html"
        quick, full, settled, build = [], [], [], []
        try:
            until(lambda: WORDS in fetch(page), 600, time.monotonic())
            clause = root / CLAUSE
            for number in range(ROUNDS):
                text = clause.read_text(encoding="utf-8")
                old = WORDS if number == 0 else WORDS.replace("verbatim", f"verbatim-{number - 1}")
                new = WORDS.replace("verbatim", f"verbatim-{number}")
                start = time.monotonic()
                clause.write_text(text.replace(old, new, 1), encoding="utf-8")
                quick.append(until(lambda new=new: new in fetch(page), 60, start))
                if zh_notice:
                    full.append(until(lambda: zh_notice in fetch(zh_page), 60, start))
                settled.append(until(lambda new=new: new in fetch(page) and NOTICE not in fetch(page), 300, start))
                if zh_notice:
                    until(lambda: zh_notice not in fetch(zh_page), 300, start)
                time.sleep(1.0)  # the last pass's reload
                began = time.monotonic()
                command = [*mgl, "build", "--root", str(root), "--out", str(text_out), "--format", "txt,md"]
                subprocess.run(command, check=True, capture_output=True)
                build.append(time.monotonic() - began)
        finally:
            server.terminate()
            server.wait(timeout=60)
    q, b = statistics.median(quick), statistics.median(build)
    rows = [
        (f"`mgl serve`, one-clause edit: the page shows it (median of {ROUNDS})", f"{q * 1000:8.1f} ms", "goal 1 s"),
        ("  the second language's page has the notice (full pass)", f"{statistics.median(full) * 1000:8.1f} ms", "")
        if full
        else ("  (one language only)", "", ""),
        ("  the downloads rebuilt, notice gone", f"{statistics.median(settled) * 1000:8.1f} ms", ""),
        ("`mgl build --format txt,md` of the same edit (a process)", f"{b * 1000:8.1f} ms", ""),
        ("  serve's quick pass / build txt,md", f"{q / b:8.2f}", "budget 1.5"),
    ]
    width = max(len(r[0]) for r in rows)
    print("mgl serve after an edit")
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value}  {note}".rstrip())


if __name__ == "__main__":
    main()
