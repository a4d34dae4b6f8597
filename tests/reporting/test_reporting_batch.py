"""Batch rendering of a portfolio (``render_batch``, ``perfmethods render-batch``) and its index.

The renders use the real default report (notebooks/reports/project_evaluation.ipynb) on copies of projects of the
bundled synthetic portfolio (data/examples/portfolio), outside the repository; one module-scoped batch (two good
projects and one broken one) serves most tests, to keep the number of renders small.
"""

from __future__ import annotations

import html
import importlib.util
import io
import json
import re
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from reporting_support import chdir, snapshot

from perfmethods import engines
from perfmethods.cli import main
from perfmethods.errors import InputError, ParameterError, RenderError
from perfmethods.evaluation import evaluate
from perfmethods.i18n import t
from perfmethods.io import read_project
from perfmethods.reporting import BatchResult, render_batch
from perfmethods.reporting import batch as batch_module
from perfmethods.reporting.batch import BATCH_COLUMNS, STATUSES, find_projects
from perfmethods.reporting.portfolio_index import index_page, write_index

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "reports" / "project_evaluation.ipynb"
PORTFOLIO = ROOT / "data" / "examples" / "portfolio"
GOOD = ("RS-2025-015", "WS-2025-014")
BROKEN = "ZZ-2025-099"
REPORT_FILES = ("report.html", "executed.ipynb", "manifest.json")


def visible_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def make_portfolio(root: Path) -> Path:
    """Two projects of the bundled portfolio and a broken copy (one indicator's actual value given twice)."""
    projects = root / "portfolio"
    projects.mkdir()
    for name in GOOD:
        shutil.copytree(PORTFOLIO / name, projects / name)
    broken = projects / BROKEN
    shutil.copytree(PORTFOLIO / GOOD[0], broken)
    actuals = broken / "actuals.csv"
    actuals.write_text(actuals.read_text(encoding="utf-8-sig") + "A11,x,,,,,\n", encoding="utf-8-sig")
    (projects / "notes").mkdir()  # a folder without project.yaml is not a project
    return projects


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[BatchResult, Path]:
    root = tmp_path_factory.mktemp("batch")
    projects = make_portfolio(root)
    with chdir(ROOT):
        result = render_batch(NOTEBOOK, projects, root / "out", workers=2, progress=False)
    return result, projects


# --------------------------------------------------------------------------------------------------
# the portfolio


def test_portfolio_is_regenerated_byte_for_byte(tmp_path: Path) -> None:
    """The bundled folders are what the seeded generator writes (the README's promise)."""
    spec = importlib.util.spec_from_file_location("portfolio_generate", PORTFOLIO / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.main(tmp_path)
    committed = {k: v for k, v in snapshot(PORTFOLIO).items() if "/" in k}
    assert snapshot(tmp_path) == committed
    assert len(find_projects(tmp_path)) == 20


def test_portfolio_projects_read_and_score_with_a_spread_of_grades() -> None:
    grades = []
    for folder in find_projects(PORTFOLIO):
        project = read_project(folder)
        assert project.meta["synthetic"] is True
        result = evaluate(project.framework, project.actuals, budget=project.budget, panel=project.panel,
                          survey=project.survey, profile=project.profile, mode=project.evaluation_mode)
        assert 0 < result.total <= 100
        grades.append(result.grade)
    assert {"优", "良", "中"} <= set(grades)


# --------------------------------------------------------------------------------------------------
# bad input (nothing renders)


def test_find_projects_lists_folders_with_project_yaml(tmp_path: Path) -> None:
    for name in ("b", "a", ".hidden"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "project.yaml").write_text("project: {}\n", encoding="utf-8")
    (tmp_path / "c").mkdir()
    assert [p.name for p in find_projects(tmp_path)] == ["a", "b"]


def test_missing_projects_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"projects folder does not exist .*nowhere"):
        render_batch(NOTEBOOK, tmp_path / "nowhere", tmp_path / "out", progress=False)


def test_projects_folder_without_projects(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    with pytest.raises(InputError, match=r"holds no project folder \(a subfolder with a project.yaml\)"):
        render_batch(NOTEBOOK, tmp_path / "empty", tmp_path / "out", progress=False)


def test_projects_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="this is a file"):
        render_batch(NOTEBOOK, tmp_path / "list.txt", tmp_path / "out", progress=False)


def test_output_inside_a_project_folder(tmp_path: Path) -> None:
    projects = make_portfolio(tmp_path)
    with pytest.raises(InputError, match=f"inside the project folder {GOOD[0]}"):
        render_batch(NOTEBOOK, projects, projects / GOOD[0] / "reports", progress=False)


def test_output_is_the_projects_folder(tmp_path: Path) -> None:
    projects = make_portfolio(tmp_path)
    with pytest.raises(InputError, match="is the projects folder"):
        render_batch(NOTEBOOK, projects, projects, progress=False)


def test_unknown_engine(tmp_path: Path) -> None:
    projects = make_portfolio(tmp_path)
    with pytest.raises(InputError, match="'engine' parameter of render_batch must be one of 'local', 'dask'"):
        render_batch(NOTEBOOK, projects, tmp_path / "out", engine="yarn", progress=False)
    with pytest.raises(InputError, match="'address' parameter of render_batch is for engine='dask'"):
        render_batch(NOTEBOOK, projects, tmp_path / "out", address="127.0.0.1:8786", progress=False)
    assert not (tmp_path / "out").exists()


def test_dask_needs_an_address_or_a_client(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    projects = make_portfolio(tmp_path)
    with pytest.raises(InputError, match="pass address='HOST:PORT'"):
        render_batch(NOTEBOOK, projects, tmp_path / "out", engine="dask", progress=False)
    assert main(["render-batch", str(NOTEBOOK), str(projects), "-o", str(tmp_path / "out"), "--scheduler",
                 "dask"]) == 2
    assert "--scheduler dask needs --address HOST:PORT" in capsys.readouterr().err
    assert main(["render-batch", str(NOTEBOOK), str(projects), "-o", str(tmp_path / "out"), "--address",
                 "127.0.0.1:8786"]) == 2
    assert "--address is for --scheduler dask" in capsys.readouterr().err


def test_unreachable_dask_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    projects = make_portfolio(tmp_path)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(engines, "DASK_CONNECT_TIMEOUT", 1.0)
    with pytest.raises(InputError, match=rf"cannot reach the Dask scheduler at '127.0.0.1:{port}'"):
        render_batch(NOTEBOOK, projects, tmp_path / "out", engine="dask", address=f"127.0.0.1:{port}",
                     progress=False)
    assert not (tmp_path / "out").exists()


def test_workers_must_be_a_positive_whole_number(tmp_path: Path) -> None:
    projects = make_portfolio(tmp_path)
    with pytest.raises(InputError, match="'workers' parameter of render_batch"):
        render_batch(NOTEBOOK, projects, tmp_path / "out", workers=0, progress=False)


def test_notebook_without_the_project_parameter(tmp_path: Path) -> None:
    projects = make_portfolio(tmp_path)
    with pytest.raises(ParameterError, match="declares no parameter 'folder'"):
        render_batch(NOTEBOOK, projects, tmp_path / "out", project_parameter="folder", progress=False)


def test_cli_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render-batch", str(NOTEBOOK), str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("perfmethods render-batch: error:") and "does not exist" in err
    assert len(err.splitlines()) == 1


# --------------------------------------------------------------------------------------------------
# pieces


def test_error_text_is_the_package_message_of_the_failing_cell() -> None:
    class CellError(Exception):
        ename = "InputError"
        evalue = "file 'actuals.csv', row 25, indicator 'A11': the actual value is given twice"

    error = RenderError("project_evaluation.ipynb: cell 3 raised InputError: ... No report was written.")
    error.__cause__ = CellError()
    assert batch_module._error_text(error) == CellError.evalue
    assert batch_module._error_text(RenderError("the kernel died")) == "the kernel died"
    assert batch_module._error_text(OSError("disk full")) == "OSError: disk full"


@pytest.mark.parametrize(
    ("grade", "zh", "en"),
    # 达州市 预算绩效评价结果应用 (http://swj.dazhou.gov.cn/news-show-6995.html): 优 → 适当优先给予保障,
    # 良 → 据实予以合理保障, 中 → 予以一定比例核减, 差 → 视情况可取消或暂停 (perfmethods.indicators.application)
    [("优", "优先保障", "priority support"), ("良", "保障", "maintain"), ("中", "核减", "reduce"),
     ("差", "取消或暂停", "cancel or suspend")],
)
def test_recommendation_follows_the_results_application_table(grade: str, zh: str, en: str) -> None:
    assert batch_module._recommendation({}, grade, "zh") == zh
    assert batch_module._recommendation({}, grade, "en") == en
    assert batch_module._recommendation({"recommendation": "按 80% 安排"}, grade, "zh") == "按 80% 安排"
    assert batch_module._recommendation({}, None, "zh") is None


def test_the_batch_bar_follows_the_package_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """One bar per batch under perfmethods.progress's rule: a terminal or JupyterLab, not in CI; asked for, always."""
    from tqdm import tqdm

    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PERFMETHODS_PROGRESS", raising=False)
    assert not isinstance(batch_module._progress_bar(3, None, "zh"), tqdm)  # not a terminal
    assert not isinstance(batch_module._progress_bar(3, False, "zh"), tqdm)
    monkeypatch.setattr(stream, "isatty", lambda: True, raising=False)
    bar = batch_module._progress_bar(3, None, "zh")
    assert isinstance(bar, tqdm) and bar.desc.startswith("生成报告")
    bar.close()
    rows = iter([{"project": "a"}, {"project": "b"}, {"project": "c"}])
    assert [r["project"] for r in batch_module._collect(rows, 3, None, "zh")] == ["a", "b", "c"]
    monkeypatch.setenv("CI", "true")
    assert not isinstance(batch_module._progress_bar(3, None, "zh"), tqdm)
    with batch_module._progress_bar(3, True, "en") as shown:  # asked for: shown even in CI
        assert isinstance(shown, tqdm)


def _table() -> pd.DataFrame:
    rows = [
        ["A-1", "社区文化活动", "某市文化和旅游局", "rendered", 96.655, "优", "优先保障", None, "A-1/report.html", 5.0],
        ["B-2", "养老<服务>", "某市民政局", "failed", None, None, None, "file 'actuals.csv', row 25: <bad> & x", None,
         1.0],
        ["C 3", "农田建设", "某市农业农村局", "skipped", 84.5, "良", "保障", None, "C 3/report.html", 0.1],
    ]
    return pd.DataFrame(rows, columns=list(BATCH_COLUMNS))


def test_index_page_speaks_the_readers_words() -> None:
    page = index_page(_table(), language="zh", notebook="project_evaluation.ipynb")
    text = visible_text(page)
    for label in ("绩效评价报告汇总", "项目名称", "总分（分）", "评价等级", "预算建议", "生成情况", "查看报告",
                  t("batch.status.rendered", "zh"), t("batch.status.failed", "zh"), t("batch.status.skipped", "zh")):
        assert label in text
    for code in ("rendered", "skipped", "failed", "None", "nan", "NaN"):
        assert code not in text
    assert "96.66" in text and "84.50" in text  # two decimals, once
    assert "共 3 个项目：本次生成 1 个，未变化沿用上次报告 1 个，生成失败 1 个。" in text
    assert "养老&lt;服务&gt;" in page and "&lt;bad&gt; &amp; x" in page  # escaped
    assert 'href="A-1/report.html"' in page and 'href="C 3/report.html"' in page
    assert "@font-face" in page and "data:font/" in page  # the embedded CJK font
    assert "<script" not in page and "http://" not in page and "https://" not in page  # offline


def test_index_page_shows_failure_reasons_only_when_something_failed() -> None:
    assert "失败原因" in visible_text(index_page(_table()))
    assert "失败原因" not in visible_text(index_page(_table().query("status != 'failed'")))


def test_index_page_in_english() -> None:
    text = visible_text(index_page(_table(), language="en"))
    assert "Index of the performance evaluation reports" in text and "open report" in text
    assert "unchanged, earlier report kept" in text


def test_write_index_writes_both_files_atomically(tmp_path: Path) -> None:
    page, workbook = write_index(_table(), tmp_path, language="zh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "index.xlsx"]  # no temporary files
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ws = load_workbook(workbook).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "项目名称", "项目文件夹", "主管部门")
    assert rows[1][4] == pytest.approx(96.66) and rows[2][4] is None
    assert rows[2][7] == "生成失败" and "row 25" in rows[2][9]
    assert ws.cell(row=2, column=9).hyperlink.target == "A-1/report.html"
    assert ws.cell(row=3, column=9).hyperlink is None


# --------------------------------------------------------------------------------------------------
# rendering a batch


@pytest.mark.notebooks
def test_batch_renders_every_project_and_isolates_the_failure(batch: tuple[BatchResult, Path]) -> None:
    result, projects = batch
    table = result.table
    assert list(table.columns) == list(BATCH_COLUMNS)
    assert list(table["project"]) == sorted([*GOOD, BROKEN])
    status = dict(zip(table["project"], table["status"], strict=True))
    assert status == {GOOD[0]: "rendered", GOOD[1]: "rendered", BROKEN: "failed"}
    assert (result.n_projects, result.n_rendered, result.n_skipped, result.n_failed) == (3, 2, 0, 1)
    assert set(result.summary()["status"]) == set(STATUSES)
    failed = result.failed.iloc[0]
    # the package's own message, naming the file, the row and the indicator
    assert "actuals.csv" in failed["error"] and "row 25" in failed["error"] and "'A11'" in failed["error"]
    assert "given twice" in failed["error"] and "cell" not in failed["error"]
    assert not (result.output_dir / BROKEN).exists()  # a failed render publishes nothing
    json.dumps(result.to_dict(), allow_nan=False)


@pytest.mark.notebooks
def test_batch_numbers_are_the_reports_and_the_librarys(batch: tuple[BatchResult, Path]) -> None:
    result, projects = batch
    for name in GOOD:
        row = result.table.set_index("project").loc[name]
        project = read_project(projects / name)
        expected = evaluate(project.framework, project.actuals, budget=project.budget, panel=project.panel,
                            survey=project.survey, profile=project.profile, mode=project.evaluation_mode)
        assert row["total"] == pytest.approx(expected.total, abs=1e-9)
        assert row["grade"] == expected.grade
        assert row["recommendation"] == expected.recommendation.label_zh
        assert row["name"] == project.meta["name"] and row["department"] == project.meta["department"]
        report = result.output_dir / row["report"]
        assert report.is_file() and f"{expected.total:.2f}" in report.read_text(encoding="utf-8")


@pytest.mark.notebooks
def test_batch_index_lists_and_links_every_project(batch: tuple[BatchResult, Path]) -> None:
    result, _ = batch
    page = result.index_html.read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]+)"', page):
        assert (result.output_dir / href).is_file()
    text = visible_text(page)
    assert text.count("查看报告") == 2 + 1  # two links and the note that explains them
    assert "given twice" in text and BROKEN in text
    rows = list(load_workbook(result.index_xlsx).active.iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == list(result.table["project"])
    assert not list(result.output_dir.rglob("*.tmp"))


@pytest.mark.notebooks
def test_batch_report_is_byte_identical_to_a_single_render(batch: tuple[BatchResult, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    result, projects = batch
    name = GOOD[0]
    single = tmp_path / "single" / name
    with chdir(ROOT):
        code = main(["render", str(NOTEBOOK), "--set", f"project_dir={projects / name}", "-o", str(single)])
    assert code == 0, capsys.readouterr().err
    for file in REPORT_FILES:
        assert (single / file).read_bytes() == (result.output_dir / name / file).read_bytes(), file


@pytest.mark.notebooks
def test_batch_resumes_skipping_current_reports(batch: tuple[BatchResult, Path],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Second run through the CLI: the unchanged project is skipped (its files untouched), the project whose
    survey changed is rendered again, the broken one fails again, and the exit status says so."""
    result, projects = batch
    out = result.output_dir
    unchanged, changed = GOOD
    before = snapshot(out / unchanged)
    survey = projects / changed / "survey.csv"
    survey.write_text(survey.read_text(encoding="utf-8-sig").replace("很满意", "不满意", 5), encoding="utf-8-sig")
    old_manifest = (out / changed / "manifest.json").read_bytes()
    with chdir(ROOT):
        code = main(["render-batch", str(NOTEBOOK), str(projects), "-o", str(out), "--workers", "1",
                     "--no-progress"])
    printed = capsys.readouterr().out
    assert code == 1  # one project failed
    assert "共 3 个项目：本次生成 1 个，未变化跳过 1 个，失败 1 个" in printed
    assert f"失败 {BROKEN}：" in printed and "given twice" in printed
    assert snapshot(out / unchanged) == before
    assert (out / changed / "manifest.json").read_bytes() != old_manifest
    text = visible_text((out / "index.html").read_text(encoding="utf-8"))
    assert "本次生成 1 个，未变化沿用上次报告 1 个，生成失败 1 个" in text


@pytest.mark.notebooks
@pytest.mark.slow
def test_batch_on_a_dask_cluster_writes_the_same_reports(batch: tuple[BatchResult, Path], tmp_path: Path,
                                                         dask_address: str) -> None:
    """The same portfolio on a two-process Dask cluster: the same statuses and errors, and the unchanged
    project's report byte for byte the one the local batch wrote."""
    result, projects = batch
    with chdir(ROOT):
        on_dask = render_batch(NOTEBOOK, projects, tmp_path / "dask", engine="dask", address=dask_address,
                               progress=False)
    assert on_dask.engine == "dask" and on_dask.workers == 2
    status = dict(zip(on_dask.table["project"], on_dask.table["status"], strict=True))
    assert status == {GOOD[0]: "rendered", GOOD[1]: "rendered", BROKEN: "failed"}
    assert on_dask.failed.iloc[0]["error"] == result.failed.iloc[0]["error"]
    for name in REPORT_FILES:
        assert (tmp_path / "dask" / GOOD[0] / name).read_bytes() == (result.output_dir / GOOD[0] / name).read_bytes()


def test_cli_starts_without_the_heavy_libraries() -> None:
    """``perfmethods --version`` and the parser import no numpy, pandas, nbformat or papermill (each command
    imports what it needs when it runs)."""
    import subprocess

    code = (
        "import sys; from perfmethods.cli import build_parser, main; build_parser(); "
        "heavy = sorted(m for m in ('numpy', 'pandas', 'nbformat', 'papermill', 'nbconvert', 'distributed') "
        "if m in sys.modules); print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


rows_strategy = st.lists(
    st.tuples(
        st.text(alphabet="项目<>&\"' 甲乙AZ", min_size=1, max_size=8),
        st.sampled_from(STATUSES),
        st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False)),
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(rows=rows_strategy)
def test_index_lists_every_project_once_with_its_status(rows: list[tuple[str, str, float | None]],
                                                        monkeypatch_font: None) -> None:
    """Whatever the names and statuses: one table row per project, the facts add up, a link exactly for the
    projects with a report, every text escaped, and no status code shown."""
    table = pd.DataFrame(
        [[f"P{i}", name, "某市财政局", status, None if status == "failed" else total, None, None,
          "错误 <x>" if status == "failed" else None, None if status == "failed" else f"P{i}/report.html", 1.0]
         for i, (name, status, total) in enumerate(rows)],
        columns=list(BATCH_COLUMNS),
    )
    page = index_page(table, language="zh")
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr") == len(rows)
    counts = {s: sum(1 for _, status, _ in rows if status == s) for s in STATUSES}
    assert t("batch.facts", "zh", n=len(rows), **counts) in page
    assert page.count('href="') == len(rows) - counts["failed"]
    for name, _, _ in rows:
        assert html.escape(name) in body
    shown = visible_text(body)
    assert "<x>" not in body
    assert ("&lt;x&gt;" in body) == (counts["failed"] > 0)
    assert not any(code in shown for code in STATUSES)


@pytest.fixture(scope="module")
def monkeypatch_font() -> Iterator[None]:
    """The property test looks at the table, not the font: skip the (cached, but per character set) subsetting."""
    from perfmethods.reporting import portfolio_index

    saved = portfolio_index.font_face_css
    portfolio_index.font_face_css = lambda page: "<style>@font-face{}</style>"
    try:
        yield
    finally:
        portfolio_index.font_face_css = saved


def test_label_catalogue_reads_as_the_pure_python_parser_reads_it() -> None:
    """The catalogue is parsed with libyaml (every report kernel reads it: ~0.5 s less each); the labels must be
    exactly those PyYAML's pure-Python safe loader reads."""
    import yaml

    from perfmethods.i18n import catalogue

    folder = ROOT / "src" / "perfmethods" / "i18n"
    expected: dict = {}
    for file in sorted(folder.glob("*.yaml")):
        expected.update(yaml.load(file.read_text("utf-8"), Loader=yaml.SafeLoader) or {})
    assert dict(catalogue()) == expected
