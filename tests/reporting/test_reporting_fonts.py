"""CJK fonts for matplotlib: no missing glyphs, the right family first, clear errors."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from perfmethods.errors import InputError, PerfMethodsError
from perfmethods.reporting import fonts


@pytest.fixture(autouse=True)
def restore_rc() -> Iterator[None]:
    with matplotlib.rc_context():
        yield
    plt.close("all")


def draw_chinese_figure() -> list[str]:
    """Plot Chinese title, labels, tick labels and legend; return the warning messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.bar(["资金到位率", "群众满意度", "演出场次"], [-1.5, 2.0, 3.0], label="得分")
        ax.set_title("绩效指标评分（2024年度）")
        ax.set_xlabel("三级指标")
        ax.set_ylabel("得分 −1")
        ax.legend(title="图例")
        fig.savefig(io.BytesIO(), format="png")
        fig.savefig(io.BytesIO(), format="pdf")
        fig.savefig(io.BytesIO(), format="svg")
    return [str(w.message) for w in caught]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_missing_glyphs(language: str) -> None:
    fonts.setup_plotting(language)
    messages = draw_chinese_figure()
    assert not [m for m in messages if "Glyph" in m or "missing from font" in m], messages


def test_zh_puts_the_cjk_family_first() -> None:
    fonts.setup_plotting("zh")
    assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    assert matplotlib.rcParams["pdf.fonttype"] == 42
    assert matplotlib.rcParams["svg.hashsalt"] == "perfmethods"
    assert matplotlib.rcParams["axes.unicode_minus"] is True  # Noto CJK has U+2212


def test_setup_is_idempotent() -> None:
    from matplotlib import font_manager

    fonts.setup_plotting("zh")
    count = len(font_manager.fontManager.ttflist)
    fonts.setup_plotting("zh")
    assert len(font_manager.fontManager.ttflist) == count


def test_seaborn_theme_applied_before_fonts() -> None:
    import seaborn as sns

    fonts.setup_plotting("zh")
    assert matplotlib.rcParams["axes.facecolor"] == "white"  # whitegrid
    sns.set_theme()  # what a notebook must not do afterwards: it resets the fonts
    assert matplotlib.rcParams["font.sans-serif"][0] != "Noto Sans CJK SC"


def test_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fonts.find_cjk_font()
    monkeypatch.setenv(fonts.FONT_ENV_VAR, str(real))
    assert fonts.find_cjk_font() == real
    monkeypatch.setenv(fonts.FONT_ENV_VAR, "/nonexistent/font.ttc")
    with pytest.raises(InputError, match="PERFMETHODS_CJK_FONT"):
        fonts.find_cjk_font()


def test_no_font_gives_install_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(fonts.FONT_ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "_candidates", lambda: [("test", str(tmp_path / "none.ttc"))])
    with pytest.raises(
        PerfMethodsError, match="pip install noto-cjk-sans-otc.*apt-get install fonts-noto-cjk"
    ):
        fonts.setup_plotting("zh")


def test_unknown_language() -> None:
    with pytest.raises(InputError, match="zh-CN"):
        fonts.setup_plotting("zh-CN")
