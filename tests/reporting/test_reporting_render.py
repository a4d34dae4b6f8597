"""End-to-end renders through the real pipeline (papermill, kernel, nbconvert).

The good notebook is rendered twice per module (fixture ``good``) and every output check reads those
two renders; the failing notebook runs once per atomicity case.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from reporting_support import NOTEBOOKS, chdir, make_project, snapshot

from perfmethods import __version__
from perfmethods.errors import ParameterError, RenderError
from perfmethods.reporting import RenderResult, read_records, render, rendering
from perfmethods.reporting.manifest import PACKAGES, sha256_bytes, sha256_file

EVIL_NAME = "文化惠民工程<script>alert(1)</script>"
EVIL_TITLE = "绩效评价 <script>alert(2)</script> & 报告"
GOOD_PARAMS = {
    "project_name": EVIL_NAME,
    "project_dir": "tests/reporting/data/culture",
    "scores_file": "tests/reporting/data/culture/scores.csv",
    "year": 2024,
    "threshold": 0.6,
    "title": EVIL_TITLE,
}


@dataclass(frozen=True)
class GoodRenders:
    project: Path
    first: RenderResult
    second: RenderResult
    stderr: str


@pytest.fixture(scope="module")
def good(project: Path, tmp_path_factory: pytest.TempPathFactory) -> GoodRenders:
    """Render the good notebook twice, capturing this process's stderr (fd 2, kernel included)."""
    out = tmp_path_factory.mktemp("good")
    with tempfile.TemporaryFile() as capture, chdir(project):
        saved = os.dup(2)
        os.dup2(capture.fileno(), 2)
        try:
            first = render(f"{NOTEBOOKS}/good.ipynb", GOOD_PARAMS, out / "a")
            second = render(f"{NOTEBOOKS}/good.ipynb", GOOD_PARAMS, out / "b")
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        stderr = capture.read().decode("utf-8", "replace")
    return GoodRenders(project, first, second, stderr)


def html(renders: GoodRenders) -> str:
    return renders.first.report.read_text(encoding="utf-8")


pytestmark = pytest.mark.notebooks


# ---- determinism ----------------------------------------------------------------------------------


def test_two_renders_are_byte_identical(good: GoodRenders) -> None:
    for name in ("report.html", "executed.ipynb", "manifest.json"):
        assert (good.first.output_dir / name).read_bytes() == (good.second.output_dir / name).read_bytes(), (
            name
        )


def test_executed_notebook_is_normalised(good: GoodRenders) -> None:
    nb = json.loads(good.first.executed_notebook.read_text(encoding="utf-8"))
    assert "papermill" not in nb["metadata"]
    assert nb["metadata"]["title"] == EVIL_TITLE
    assert nb["metadata"]["perfmethods"]["parameters"]["project_dir"] == "tests/reporting/data/culture"
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:03d}" for i in range(len(nb["cells"]))]
    for cell in nb["cells"]:
        assert "papermill" not in cell["metadata"] and "execution" not in cell["metadata"]
    injected = nb["cells"][1]
    assert injected["metadata"]["tags"] == ["injected-parameters"]
    source = "".join(injected["source"])
    assert "project_dir = 'tests/reporting/data/culture'" in source
    assert str(good.project) not in good.first.executed_notebook.read_text(encoding="utf-8")


# ---- HTML -----------------------------------------------------------------------------------------


def test_html_is_self_contained(good: GoodRenders) -> None:
    text = html(good)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.IGNORECASE)
    assert "<script src" not in text and "require.js" not in text and "mathjax" not in text.lower()
    assert "<link" not in text
    assert text.count('src="data:image/png;base64,') == 1


def test_html_hides_code_parameters_and_tagged_cells(good: GoodRenders) -> None:
    text = html(good)
    assert "setup_plotting" not in text and "import pandas" not in text  # code hidden
    assert 'jp-InputArea-editor"' not in text
    assert "项目数据目录" not in text  # the parameters cell (its help comments)
    assert "injected by" not in text and str(good.project) not in text
    assert "REMOVED-CELL-OUTPUT" not in text and "REMOVED-OUTPUT" not in text
    assert "VISIBLE-OUTPUT" in text
    assert "vnd.perfmethods.record" not in text
    assert "In&nbsp;[" not in text and 'class="jp-InputPrompt' not in text


def test_html_language_title_style_footer(good: GoodRenders) -> None:
    text = html(good)
    assert '<html lang="zh">' in text
    assert "<title>绩效评价 &lt;script&gt;alert(2)&lt;/script&gt; &amp; 报告</title>" in text
    assert '"Noto Sans CJK SC"' in text and "Microsoft YaHei" in text and "WenQuanYi Micro Hei" in text
    assert "size: A4" in text and "break-inside: avoid" in text
    assert '<td class="pm-num">87.5%</td>' in text  # right-aligned, formatted numbers
    assert "<h2>项目概况</h2>" in text and "<h1>绩效评价 &lt;script&gt;" in text
    assert f"perfmethods {__version__}" in text and "tests/reporting/notebooks/good.ipynb" in text
    assert 'alt="图表"' in text


def test_user_strings_are_escaped(good: GoodRenders) -> None:
    text = html(good)
    assert "<script>alert" not in text
    assert "文化惠民工程&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_no_glyph_warnings_anywhere(good: GoodRenders) -> None:
    assert "Glyph" not in good.stderr and "missing from font" not in good.stderr, good.stderr
    nb = json.loads(good.first.executed_notebook.read_text(encoding="utf-8"))
    streams = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert streams == []


def test_png_has_no_software_chunk(good: GoodRenders) -> None:
    nb = json.loads(good.first.executed_notebook.read_text(encoding="utf-8"))
    pngs = [
        base64.b64decode(o["data"]["image/png"])
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]
    assert len(pngs) == 1
    assert b"Software" not in pngs[0] and b"matplotlib" not in pngs[0]


# ---- records, result, manifest --------------------------------------------------------------------


def test_records(good: GoodRenders) -> None:
    expected = {"total_score": 87.5, "input_files": ["scores.csv", "sub"], "threshold": 0.6}
    assert good.first.records == expected
    assert read_records(good.first.executed_notebook) == expected


def test_result_str(good: GoodRenders) -> None:
    text = str(good.first)
    assert text.startswith("Report written to ") and text.splitlines()[0].endswith("a/report.html")
    assert "manifest.json" in text and "executed.ipynb" in text


def test_manifest_fields_and_hashes(good: GoodRenders) -> None:
    result = good.first
    data = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    assert data == result.manifest
    assert data["notebook"] == {
        "path": "tests/reporting/notebooks/good.ipynb",
        "sha256": sha256_file(good.project / NOTEBOOKS / "good.ipynb"),
    }
    assert data["outputs"] == {
        "report.html": sha256_bytes(result.report.read_bytes()),
        "executed.ipynb": sha256_bytes(result.executed_notebook.read_bytes()),
    }
    assert data["parameters"]["project_name"] == EVIL_NAME
    assert data["parameters"]["language"] == "zh" and data["parameters"]["tags"] == ["文化", "惠民"]
    assert data["path_parameters"]["project_dir"] == {
        "given": "tests/reporting/data/culture",
        "resolved": "tests/reporting/data/culture",
    }
    assert data["parameters_given"] == sorted(GOOD_PARAMS)
    data_dir = good.project / "tests/reporting/data/culture"
    assert data["inputs"]["project_dir"]["files"] == {
        "scores.csv": sha256_file(data_dir / "scores.csv"),
        "sub/readme.txt": sha256_file(data_dir / "sub" / "readme.txt"),
    }
    assert data["inputs"]["scores_file"]["files"] == {"scores.csv": sha256_file(data_dir / "scores.csv")}
    assert data["git"] == {"commit": None, "dirty": None, "untracked": None}  # the fixture project is not a repository
    assert data["perfmethods_version"] == __version__
    assert set(data["packages"]) == set(PACKAGES) and all(data["packages"].values())
    assert data["options"] == {"language": "zh", "show_code": False, "title": EVIL_TITLE}
    raw = result.manifest_path.read_text(encoding="utf-8")
    assert str(good.project) not in raw and "time" not in raw.lower()
    assert raw == json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def test_output_permissions(good: GoodRenders) -> None:
    umask = os.umask(0)
    os.umask(umask)
    for path in (good.first.report, good.first.executed_notebook, good.first.manifest_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in good.first.output_dir.iterdir()) == [
        "executed.ipynb",
        "manifest.json",
        "report.html",
    ]


# ---- failures and atomicity ------------------------------------------------------------------------


def test_failing_notebook_into_empty_dir(in_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "report"
    with pytest.raises(RenderError) as info:
        render(f"{NOTEBOOKS}/failing.ipynb", {"n": 7}, out)
    message = str(info.value)
    assert "failing.ipynb: cell 4 raised" in message  # numbered as in the notebook, injected cell not counted
    assert "ValueError: 坏数据 n=7" in message
    assert 'the cell begins: raise ValueError(f"坏数据 n={n}")' in message
    assert not out.exists() and not out.parent.exists()


def test_failing_notebook_keeps_the_good_report(good: GoodRenders, in_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "existing"
    shutil.copytree(good.first.output_dir, out)
    before = snapshot(out)
    with pytest.raises(RenderError, match="ValueError"):
        render(f"{NOTEBOOKS}/failing.ipynb", None, out)
    assert snapshot(out) == before


def test_timeout_names_the_cell(in_project: Path, tmp_path: Path) -> None:
    with pytest.raises(RenderError) as info:
        render(f"{NOTEBOOKS}/failing.ipynb", {"sleep_seconds": 20.0}, tmp_path / "t", execution_timeout=1)
    message = str(info.value)
    assert "cell 3 did not finish within 1 s" in message and "import time" in message
    assert not (tmp_path / "t").exists()


def test_keyboard_interrupt_writes_nothing(
    good: GoodRenders, in_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(rendering, "_execute", interrupted)
    out = tmp_path / "existing"
    shutil.copytree(good.first.output_dir, out)
    before = snapshot(out)
    with pytest.raises(KeyboardInterrupt):
        render(f"{NOTEBOOKS}/good.ipynb", GOOD_PARAMS, out)
    assert snapshot(out) == before
    with pytest.raises(KeyboardInterrupt):
        render(f"{NOTEBOOKS}/good.ipynb", GOOD_PARAMS, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        ({"project_nmae": "x"}, r"unknown parameter 'project_nmae' \(did you mean 'project_name'\?\)"),
        ({"year": "2024"}, r"parameter 'year': expected int, got str '2024'"),
        (
            {"scores_file": "tests/reporting/data/culture/nope.csv"},
            r"parameter 'scores_file': path .* does not exist",
        ),
    ],
)
def test_validation_errors_write_nothing(
    in_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, params: dict, pattern: str
) -> None:
    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("the notebook ran although validation failed")

    monkeypatch.setattr(rendering, "_execute", must_not_run)
    absent = tmp_path / "absent"
    with pytest.raises(ParameterError, match=pattern):
        render(f"{NOTEBOOKS}/good.ipynb", params, absent)
    assert not absent.exists()
    present = tmp_path / "present"
    present.mkdir()
    (present / "report.html").write_text("old", encoding="utf-8")
    with pytest.raises(ParameterError, match=pattern):
        render(f"{NOTEBOOKS}/good.ipynb", params, present)
    assert snapshot(present) == {"report.html": b"old"}


def test_notebook_without_parameters_cell(in_project: Path, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="no cell is tagged 'parameters'"):
        render(f"{NOTEBOOKS}/no_params.ipynb", None, tmp_path / "x")
    assert not (tmp_path / "x").exists()


# ---- jupytext source, checkout location ------------------------------------------------------------


def test_percent_py_and_location_independent_manifest(project: Path, tmp_path: Path) -> None:
    """The same project checked out at two places gives the same executed notebook and manifest."""
    other = make_project(tmp_path / "elsewhere" / "checkout")
    results = []
    for root in (project, other):
        with chdir(root):
            results.append(render(f"{NOTEBOOKS}/trivial.py", {"count": 3}, tmp_path / f"out-{len(results)}"))
    first, second = results
    # the kernel ran in a temporary directory; this process's working directory was not changed
    assert first.records == {"cwd": True, "greeting": "你好你好你好", "notes": "项目说明：测试用数据。"}
    assert "你好你好你好" in first.report.read_text(encoding="utf-8")
    assert first.manifest["notebook"]["path"] == "tests/reporting/notebooks/trivial.py"
    assert first.manifest["parameters"]["notes_file"] == "tests/reporting/data/culture/sub/readme.txt"
    for name in ("executed.ipynb", "manifest.json", "report.html"):
        assert (first.output_dir / name).read_bytes() == (second.output_dir / name).read_bytes(), name


def test_an_untracked_file_is_listed_but_does_not_mark_the_report(project: Path, tmp_path: Path) -> None:
    """In a checkout, an untracked file (the README's my_project.yaml) leaves the report unchanged, byte for byte.

    The footer says "commit …" without "（含未提交的修改）", the manifest's ``dirty`` stays false and lists the file
    under ``untracked``; changing a tracked file then marks the report as modified.
    """
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    checkout = make_project(tmp_path / "checkout")
    environment = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(checkout), *args], check=True, capture_output=True, env=environment)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "fixture")
    with chdir(checkout):
        clean = render(f"{NOTEBOOKS}/trivial.py", {"count": 2}, tmp_path / "clean")
        (checkout / "my_project.yaml").write_text("project_dir: data/mine\n", encoding="utf-8")
        with_untracked = render(f"{NOTEBOOKS}/trivial.py", {"count": 2}, tmp_path / "untracked")
        (checkout / "tests/reporting/data/culture/sub/readme.txt").write_text("改过的说明。\n", encoding="utf-8")
        modified = render(f"{NOTEBOOKS}/trivial.py", {"count": 2}, tmp_path / "modified")
    assert clean.report.read_bytes() == with_untracked.report.read_bytes()
    assert clean.manifest["git"]["dirty"] is False and clean.manifest["git"]["untracked"] == []
    assert with_untracked.manifest["git"]["dirty"] is False
    assert with_untracked.manifest["git"]["untracked"] == ["my_project.yaml"]
    assert "未提交" not in with_untracked.report.read_text(encoding="utf-8")
    assert modified.manifest["git"]["dirty"] is True
    assert "含未提交的修改" in modified.report.read_text(encoding="utf-8")


def test_render_result_describes_the_files_written(good: GoodRenders) -> None:
    result = good.first
    summary = result.summary().set_index("file")
    for name in ("report.html", "executed.ipynb"):
        assert summary.loc[name, "sha256"] == sha256_file(summary.loc[name, "path"])
    assert Path(summary.loc["manifest.json", "path"]) == result.manifest_path
    assert result.name == "good" and result.language == "zh" and result.n_records == len(result.records) > 0
    assert len(repr(result).splitlines()) <= 20
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False))
    assert data["records"] == result.records
    assert data["manifest"] == json.loads(result.manifest_path.read_text(encoding="utf-8"))


def test_render_with_a_deep_temporary_folder(
    in_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TMPDIR too deep for unix socket paths (~100 bytes) used to fail with 'File name too long'."""
    deep = tmp_path / ("t" * 90)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    result = render(f"{NOTEBOOKS}/trivial.py", {"count": 1}, tmp_path / "out")
    assert result.records["greeting"] == "你好"
    assert list(deep.iterdir()) == []  # the render's temporary folder and connection file are gone
