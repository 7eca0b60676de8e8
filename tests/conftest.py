"""Shared test helpers: paths, building courses, and LibreOffice as a real consumer."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COURSES = ROOT / "courses"
# What the golden read-backs, the order test and the outputs' tests build: the sample courses,
# the starters of `trainerkit new` and the examples of docs/format.md.
SOURCES = {
    "complaint-handling": COURSES / "complaint-handling",
    "hello": COURSES / "hello",
    "starter-zh-CN": ROOT / "templates" / "new" / "zh-CN",
    "starter-zh-TW": ROOT / "templates" / "new" / "zh-TW",
    "starter-en": ROOT / "templates" / "new" / "en",
    "format-examples": FIXTURES / "format-examples",
}
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config) -> None:
    """Keep trainerkit's per-user cache key out of the tester's home folder, and show messages
    in English whatever the course's language (tests of other languages ask with --lang or
    set TRAINERKIT_LANG themselves)."""
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="trainerkit-test-cache-")
    os.environ["TRAINERKIT_LANG"] = "en"


def need_file(path: Path | str, package: str) -> Path:
    """A file a test reads (a font), from a Debian package; skip without it on a laptop, fail
    under CI (.ci/run installs it)."""
    path = Path(path)
    if not path.is_file():
        message = f"{path.name} is not installed (Debian: {package}; see .ci/run)"
        if IN_CI:
            pytest.fail(message + "; CI must have it")
        pytest.skip(message)
    return path


def need_tool(name: str) -> str:
    """The path of an external tool; skip the test without it on a laptop, fail under CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: see .ci/run)"
        if IN_CI:
            pytest.fail(message + "; CI must have it")
        pytest.skip(message)
    return path


def to_pdf(path: Path, outdir: Path) -> Path:
    """Convert an Office file with LibreOffice, in a private profile so conversions can run at once."""
    soffice = need_tool("soffice")
    profile = outdir / f".lo-profile-{uuid.uuid4().hex}"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = outdir / (path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {path.name}"
    return pdf


def pdf_text(pdf: Path) -> str:
    pdftotext = need_tool("pdftotext")
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample course, built once for the whole session."""
    from trainerkit.build import build

    out = tmp_path_factory.mktemp("sample")
    build(COURSES / "complaint-handling", out)
    return out


def outputs_in(folder: Path) -> dict[str, bytes]:
    """The output files a trainer sees in a folder (the hidden cache and manifest aside)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser), headless, with the
    background networking this closed machine refuses turned off."""
    chromium = need_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed; CI must have it (pip install .[test])")
        pytest.skip("playwright is not installed (pip install .[test])")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def gift_pegjs():
    """gift-pegjs (installed by `npm ci` from package-lock.json when node_modules lacks it), as a
    function from a GIFT file to the questions it reads; skipped without node (failed under CI)."""
    import fcntl
    import json
    import tempfile

    node, npm = need_tool("node"), need_tool("npm")
    with open(Path(tempfile.gettempdir()) / "trainerkit-npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test session may be installing right now
        if not (ROOT / "node_modules" / "gift-pegjs" / "package.json").is_file():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True,
                           capture_output=True, timeout=300)
    script = ("const {parse} = require(process.argv[1]);"
              "const text = require('fs').readFileSync(process.argv[2], 'utf8');"
              "process.stdout.write(JSON.stringify(parse(text)));")

    def parse(path: Path) -> list[dict]:
        done = subprocess.run([node, "-e", script, str(ROOT / "node_modules" / "gift-pegjs"),
                               str(path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"gift-pegjs cannot read {path}: {done.stderr}"
        return json.loads(done.stdout)

    return parse


@pytest.fixture(autouse=True)
def _messages_as_each_test_starts():
    """What a command asked for (--lang) or a course chose is per process in real use; each
    test starts from nothing (TRAINERKIT_LANG=en above, unless the test changes it)."""
    from trainerkit import messages

    saved = list(messages._CHOSEN)
    messages._CHOSEN[:] = [None, None]
    yield
    messages._CHOSEN[:] = saved


# The call simulation of issue 16, exactly as a trainer writes it (docs/format.md has it too).
SIMULATION_EXAMPLE = """::: simulation 第三次来电的车主
objective: 1
[start]
客户: 我已经打了三次电话了!你们到底管不管?
* 打了三次还没解决,确实让人着急。我马上帮您查。 -> [listen] +2
* 系统显示您只打过两次。 -> [angry] -2
  不要纠正客户对事实的感受,先共情。
* 请您冷静一点。 -> [angry] -1
[listen]
客户: 定损员到现在都没来!
* 我现在就联系定损员,2 小时内给您回电。 -> [good] +2
* 定损员很忙,您再等等。 -> [angry] -2
[angry]
客户: 你这什么态度?我要投诉你!
* 非常抱歉,我们重新来,我马上帮您查进度。 -> [listen] +1
* 那您投诉吧。 -> [bad] -3
[good] end
结局: 客户同意等待回电,情绪平稳。
[bad] end
outcome: 客户挂断并投诉。
:::
"""
