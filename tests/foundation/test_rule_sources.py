"""Every rule source a reader can see cites a primary document, never the package's internal research notes.

Rule sources reach readers: ``perfmethods profiles`` prints them, ``LocalityProfile.to_frame``,
``LintConfig.to_frame`` and ``Template.rules_frame`` list them, and reports show them through
``perfmethods.reporting.wording.citation``. A source must name what a reviewer can look up — an official
document with its number and part (财预〔2020〕10号 附件2), a published page or table with its address, a paper,
a repository path — or say that the value is a package default. The internal research notes behind the
package ("digest §1.6", "../shared/standards/…") and their verification tags ([V] / [M] / [S]) are not
something a reader can look up: the verification status lives in the rule's ``provenance`` field.

The walk collects every :class:`~perfmethods.provenance.Rule` reachable from the modules of the rules
(``indicators``), the evaluation and the weighting packages — module constants, the bundled locality
profiles and their results-application tables, the default lint and data-quality configurations, the lint
checks and every bundled framework template.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import perfmethods
import perfmethods.evaluation
import perfmethods.indicators
import perfmethods.weighting
from perfmethods.indicators.application import ApplicationTable
from perfmethods.indicators.linting import LINT_CHECKS, LintConfig
from perfmethods.indicators.profiles import get_profile, list_profiles
from perfmethods.indicators.quality import QualityConfig
from perfmethods.indicators.templates import list_templates, load_template
from perfmethods.provenance import Provenance, Rule

#: What a reader cannot look up: the internal notes, their location, their verification tags.
_INTERNAL = re.compile(r"digest|\.\./shared|shared/standards|\[[VMS](?:\]|[ ,/])", re.IGNORECASE)


def _walk(obj: object, where: str, seen: set[int]) -> Iterator[tuple[str, str]]:
    """(location, text) of every source, note and evidence text reachable from ``obj``."""
    if id(obj) in seen or isinstance(obj, (str, bytes, int, float, type(None))):
        return
    seen.add(id(obj))
    if isinstance(obj, Rule):
        yield f"{where}.source", obj.source
        yield f"{where}.note", obj.note
        yield from _walk(obj.value, f"{where}.value", seen)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in ("source", "evidence", "description") and isinstance(value, str):
                yield f"{where}.{f.name}", value
            else:
                yield from _walk(value, f"{where}.{f.name}", seen)
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from _walk(value, f"{where}[{key!r}]", seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, value in enumerate(obj):
            yield from _walk(value, f"{where}[{i}]", seen)


def _modules() -> Iterator[object]:
    for package in (perfmethods.indicators, perfmethods.evaluation, perfmethods.weighting):
        yield package
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            yield importlib.import_module(info.name)


def _roots() -> Iterator[tuple[str, object]]:
    for module in _modules():
        for name, value in vars(module).items():
            if not name.startswith("__") and not isinstance(value, type) and not callable(value):
                yield f"{module.__name__}.{name}", value
    for name in list_profiles():
        yield f"profile {name!r}", get_profile(name)
    yield "ApplicationTable.default()", ApplicationTable.default()
    yield "ApplicationTable.sichuan()", ApplicationTable.sichuan()
    yield "LintConfig()", LintConfig()
    yield "LINT_CHECKS", LINT_CHECKS
    yield "QualityConfig()", QualityConfig()
    for name in list_templates():
        yield f"template {name!r}", load_template(name).rules


def _texts() -> list[tuple[str, str]]:
    return [(where, text) for root, obj in _roots() for where, text in _walk(obj, root, set())]


def test_no_rule_source_cites_the_internal_notes():
    bad = [f"{where}: {text}" for where, text in _texts() if _INTERNAL.search(text)]
    assert not bad, "sources that cite the internal notes instead of a primary document:\n" + "\n".join(bad)


def test_no_package_file_cites_the_internal_notes():
    """Every area's sources, docstrings, catalogues and templates, not only the rules the walk reaches."""
    root = Path(perfmethods.__file__).parent
    pattern = re.compile(r"digest §|\.\./shared|shared/standards|methods-digest")
    bad = [f"{path.relative_to(root)}:{number}: {line.strip()}"
           for path in sorted(root.rglob("*")) if path.suffix in {".py", ".yaml", ".yml", ".md", ".j2", ".css"}
           for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
           if pattern.search(line)]
    assert not bad, "internal notes cited in the package:\n" + "\n".join(bad)


def test_the_walk_reaches_the_rules_that_readers_see():
    """The check above is only as good as its reach: it must see the rules of every area it guards."""
    texts = dict(_texts())
    sources = [w for w in texts if w.endswith(".source")]
    assert len(sources) >= 100, len(sources)
    expected = [
        "perfmethods.indicators.grades.GRADE_BANDS.source",
        "profile 'central'.budget_points.source",
        "profile 'central'.evidence",
        "ApplicationTable.sichuan().rules[0].policy.source",
        "LintConfig().science_metrics.source",
        "LINT_CHECKS['qualitative_no_tiers'].source",
        "QualityConfig().bounded_rates.source",
        "template 'st_basic_research'['waves'].source",
        "template 'self_evaluation'['budget_row'].source",
        "perfmethods.weighting.analytic_hierarchy.RI_TABLES['cn_sim'].source",
        "perfmethods.weighting.analytic_hierarchy.CR_THRESHOLD.source",
        "perfmethods.evaluation.survey.LIKERT_SCALE.source",
        "perfmethods.indicators.targets.PEER_PERCENTILE.source",
    ]
    missing = [w for w in expected if w not in texts]
    assert not missing, missing
    # the primary documents the rewrite carried over from the internal notes
    assert "dz-gczx.com" in texts["perfmethods.indicators.grades.GRADE_BANDS.source"]
    assert "GB/T 41621-2022" in texts["template 'st_basic_research'['waves'].source"]
    assert "ccfx.m" in texts["perfmethods.weighting.analytic_hierarchy.RI_TABLES['cn_sim'].source"]
    assert "fsou.com" in texts["LINT_CHECKS['qualitative_no_tiers'].source"]


@pytest.mark.parametrize(
    "source",
    [
        "财预〔2020〕10号 (digest §1.2 [M])",
        "rules digest §6.1",
        "see ../shared/standards/china-budget-performance.md",
        "财预〔2021〕101号 [M]",
        "GB/T 41621-2022 [V, restatement]",
        "budget-system rule selfqualscorecheck [S]",
    ],
)
def test_the_check_catches_an_internal_reference(source):
    rule = Rule(1.0, Provenance.UNVERIFIED, source)
    found = [text for _, text in _walk({"x": rule}, "probe", set()) if _INTERNAL.search(text)]
    assert found == [source]


@pytest.mark.parametrize(
    "source",
    [
        "财预〔2020〕10号 附件2 自评表: 预算执行率 分值10",
        "GB/T 22900-2009 科学技术研究项目评价通则 附录A (https://m.bzxz.net/en/6127ff85640ec6929.html)",
        "Saaty (2005) Theory and Applications of the Analytic Network Process, p. 31",
        "package default (a local choice)",
        "kotbaton/pymcdm@76e7735 pymcdm/weights/subjective/ahp.py",
    ],
)
def test_the_check_passes_a_primary_citation(source):
    assert not _INTERNAL.search(source)
