"""Standard indicator-framework templates, shipped as data and loaded by name.

Each template is a YAML file in ``perfmethods/indicators/templates/`` (read with :mod:`importlib.resources`)
holding the indicators, the standard formulas of their actual values, the outcome → output links, and the
provenance of every rule it encodes (as :class:`~perfmethods.provenance.Rule` objects citing the document
each rule comes from). Bundled templates (:func:`list_templates`):

``reference_10`` (10号, 附件1)
    财预〔2020〕10号 附件1 reference framework: 决策 / 过程 / 产出 / 效益 with its level-2 and level-3
    indicators and standard formulas (资金到位率, 预算执行率, 实际完成率, 质量达标率, 成本节约率). The
    document fixes no weights; the points are an illustrative 20/20/30/30 split.
``self_evaluation`` (自评表, 附件2)
    the self-evaluation table: 预算执行率 10, 产出 50, 效益 30, 满意度 10.
``categories_101`` (101号)
    财预〔2021〕101号 categories, with 成本 as its own level 1 (经济 / 社会 / 生态环境成本).
``st_basic_research``, ``st_technology_development``, ``st_application_demonstration`` (基础研究, 技术开发, 应用示范)
    science-and-technology programme frameworks by class, one framework per evaluation wave (立项 / 中期 /
    验收 / 跟踪 T+1 … T+5), free of 破四唯 metrics.

Template files add to the framework YAML fields: ``formula`` (a key of ``formulas``) and ``tiers`` (what
达成 means; expanded to the standard three-tier grading of 10号) on each indicator.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from perfmethods.errors import InputError
from perfmethods.findings import Finding
from perfmethods.model.framework import IndicatorFramework
from perfmethods.provenance import Provenance, Rule

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Formula",
    "FrameworkTemplate",
    "TemplateWave",
    "list_templates",
    "load_template",
    "templates_frame",
    "tier_grading",
]

#: The standard three-tier grading of a qualitative indicator (财预〔2020〕10号 单位自评, wording not checked
#: against the document's text; rule selfqualscorecheck of the 财政预算绩效管理系统 (pmkpi), secondary source).
TIER_TEXT_ZH = ("达成年度指标 100%–80%（含）分值；部分达成年度指标并具有一定效果 80%–60%（含）；"
                "未达成年度指标且效果较差 60%–0")


def tier_grading(description: str) -> str:
    """The three-tier grading text of a qualitative indicator whose 达成 is ``description``."""
    return f"{description}。{TIER_TEXT_ZH}"


@dataclass(frozen=True)
class Formula:
    """A standard formula of an actual value: ``scale × Σ(coef × variable) / denominator``.

    Attributes
    ----------
    name, name_en : the formula's name (资金到位率 / funds-in-place rate).
    numerator : ``(variable, coefficient)`` pairs (成本节约率: 计划成本 +1, 实际成本 −1).
    denominator : the variable divided by.
    expression_zh, expression_en : the formula as written.
    scale : 100 (percent) by default.
    """

    name: str
    name_en: str
    numerator: tuple[tuple[str, float], ...]
    denominator: str
    expression_zh: str
    expression_en: str
    scale: float = 100.0

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(v for v, _ in self.numerator), self.denominator]))

    def compute(self, values: Mapping[str, float]) -> float:
        """The formula's value (in percent) from ``{variable: number}``.

        Raises
        ------
        InputError
            A variable is missing or not a finite number, or the denominator is zero.
        """
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise InputError(f"The formula {self.name} ({self.expression_zh}) needs the values {missing}; got "
                             f"{sorted(values)} instead.")
        nums = {}
        for v in self.variables:
            try:
                nums[v] = float(values[v])
            except (TypeError, ValueError):
                nums[v] = math.nan
            if not math.isfinite(nums[v]):
                raise InputError(f"The value of '{v}' in the formula {self.name} must be a finite number; got "
                                 f"{values[v]!r} instead.")
        if nums[self.denominator] == 0:
            raise InputError(f"The formula {self.name} divides by '{self.denominator}', which is 0.")
        return self.scale * sum(c * nums[v] for v, c in self.numerator) / nums[self.denominator]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "name_en": self.name_en, "numerator": [list(p) for p in self.numerator],
                "denominator": self.denominator, "expression_zh": self.expression_zh,
                "expression_en": self.expression_en, "scale": self.scale}


@dataclass(frozen=True)
class TemplateWave:
    """One evaluation wave of a template (立项 / 中期 / 验收 / 跟踪), with its own framework."""

    id: str
    name_zh: str
    name_en: str
    period: str
    framework: IndicatorFramework
    years: tuple[int, ...] = ()
    links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)
    formulas: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name_zh": self.name_zh, "name_en": self.name_en, "period": self.period,
                "years": list(self.years), "links": {k: list(v) for k, v in self.links.items()},
                "reasons": dict(self.reasons), "formulas": dict(self.formulas),
                "framework": self.framework.to_dict()}


@dataclass(frozen=True)
class FrameworkTemplate:
    """A bundled framework template with the provenance of its rules.

    Attributes
    ----------
    name, aliases : the template's name and the other names :func:`load_template` accepts.
    title_zh, title_en, document, description_zh, description_en : what it is and where it comes from.
    mode : the evaluation mode it is meant for (``"self"``, ``"finance"``) or ``None`` (target setting).
    domain : ``"science"`` for science-and-technology templates, else ``"general"``.
    rules : the rules it encodes, each a :class:`Rule` with provenance and source, by name.
    formulas : the standard formulas by name.
    waves : the evaluation waves; a template without waves has one wave with id ``"main"``.
    """

    name: str
    aliases: tuple[str, ...]
    title_zh: str
    title_en: str
    document: str
    description_zh: str
    description_en: str
    mode: str | None
    domain: str
    rules: Mapping[str, Rule]
    formulas: Mapping[str, Formula]
    waves: tuple[TemplateWave, ...]

    @property
    def wave_ids(self) -> tuple[str, ...]:
        return tuple(w.id for w in self.waves)

    def wave(self, wave: str | None = None) -> TemplateWave:
        """The wave called ``wave`` (id or Chinese name); ``None`` → the only wave, or the acceptance wave."""
        if wave is None:
            if len(self.waves) == 1:
                return self.waves[0]
            wave = "acceptance"
        for w in self.waves:
            if wave in (w.id, w.name_zh) or w.name_zh.startswith(str(wave)):
                return w
        raise InputError(f"The 'wave' parameter must be one of {list(self.wave_ids)} for template {self.name!r}; "
                         f"got {wave!r} instead.")

    def framework(self, wave: str | None = None) -> IndicatorFramework:
        """The indicator framework (of ``wave`` for science-and-technology templates)."""
        return self.wave(wave).framework

    def formula_for(self, indicator_id: str, wave: str | None = None) -> Formula | None:
        """The standard formula of an indicator's actual value, or ``None``."""
        key = self.wave(wave).formulas.get(indicator_id)
        return self.formulas[key] if key else None

    def lint(self, wave: str | None = None) -> list[Finding]:
        """:func:`~perfmethods.indicators.linting.lint` the framework with the template's mode, period, links and
        reasons."""
        from perfmethods.indicators.linting import lint

        w = self.wave(wave)
        return lint(w.framework, mode=self.mode, period=w.period, links=w.links, reasons=w.reasons,
                    domain=self.domain)

    def summary(self, language: str = "zh") -> pd.DataFrame:
        """One row per leaf of every wave: wave, id, level1, level2, name, weight, direction, target, formula."""
        import pandas as pd

        rows = []
        for w in self.waves:
            for ind in w.framework:
                key = w.formulas.get(ind.id)
                f = self.formulas.get(key) if key else None
                rows.append({"wave": w.name_en if language == "en" else w.name_zh, "id": ind.id,
                             "level1": ind.level1, "level2": ind.level2, "name": ind.name,
                             "weight": float(ind.points), "direction": ind.direction.value,
                             "target": ind.target.text,
                             "formula": "" if f is None
                             else (f.expression_en if language == "en" else f.expression_zh)})
        return pd.DataFrame(rows, columns=["wave", "id", "level1", "level2", "name", "weight", "direction", "target",
                                           "formula"])

    def rules_frame(self) -> pd.DataFrame:
        """One row per encoded rule: rule, value, provenance, source, note."""
        import pandas as pd

        rows = [{"rule": k, **r.to_dict()} for k, r in self.rules.items()]
        for row in rows:
            row["value"] = str(row["value"])
        return pd.DataFrame(rows, columns=["rule", "value", "provenance", "source", "note"])

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "aliases": list(self.aliases), "title_zh": self.title_zh,
                "title_en": self.title_en, "document": self.document, "description_zh": self.description_zh,
                "description_en": self.description_en, "mode": self.mode, "domain": self.domain,
                "rules": {k: r.to_dict() for k, r in self.rules.items()},
                "formulas": {k: f.to_dict() for k, f in self.formulas.items()},
                "waves": [w.to_dict() for w in self.waves]}


_TEMPLATE_KEYS = {"name", "aliases", "title_zh", "title_en", "document", "mode", "domain", "period",
                  "description_zh", "description_en", "rules", "formulas", "links", "indicators", "waves"}
_WAVE_KEYS = {"id", "name_zh", "name_en", "period", "years", "indicators", "links", "reasons"}


def _fail(file: str, message: str, **where: object) -> InputError:
    return InputError(message, location={"file": f"perfmethods/indicators/templates/{file}", **where})


def _wave(file: str, spec: Mapping[str, Any], default_period: str, total_name: str) -> TemplateWave:
    from perfmethods.io.framework import framework_from_records

    unknown = sorted(set(spec) - _WAVE_KEYS)
    if unknown:
        raise _fail(file, f"unknown wave keys {unknown}; the keys are {sorted(_WAVE_KEYS)}", key=str(spec.get("id")))
    records, formulas = [], {}
    for entry in spec.get("indicators") or []:
        rec = dict(entry)
        key = rec.pop("formula", None)
        tiers = rec.pop("tiers", None)
        if tiers is not None:
            rec["grading"] = tier_grading(str(tiers))
        if key is not None:
            formulas[str(rec["id"])] = str(key)
        records.append(rec)
    source = f"perfmethods/indicators/templates/{file}"
    framework = framework_from_records(records, name=f"{total_name}（{spec.get('name_zh', '')}）".replace("（）", ""),
                                       source=source)
    links = {str(k): tuple(str(x) for x in v) for k, v in (spec.get("links") or {}).items()}
    return TemplateWave(id=str(spec.get("id", "main")), name_zh=str(spec.get("name_zh", "")),
                        name_en=str(spec.get("name_en", "")), period=str(spec.get("period") or default_period),
                        framework=framework, years=tuple(int(y) for y in spec.get("years") or ()),
                        links=links, reasons={str(k): str(v) for k, v in (spec.get("reasons") or {}).items()},
                        formulas=formulas)


def _load(file: str) -> FrameworkTemplate:
    text = resources.files("perfmethods.indicators").joinpath("templates", file).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    unknown = sorted(set(data) - _TEMPLATE_KEYS)
    if unknown:
        raise _fail(file, f"unknown template keys {unknown}; the keys are {sorted(_TEMPLATE_KEYS)}")
    rules = {}
    for key, r in (data.get("rules") or {}).items():
        rules[str(key)] = Rule(r["value"], Provenance(r["provenance"]), str(r["source"]), str(r.get("note", "")))
    formulas = {}
    for key, f in (data.get("formulas") or {}).items():
        formulas[str(key)] = Formula(str(key), str(f["name_en"]),
                                     tuple((str(v), float(c)) for v, c in f["numerator"].items()),
                                     str(f["denominator"]), str(f["expression_zh"]), str(f["expression_en"]),
                                     float(f.get("scale", 100.0)))
    period = str(data.get("period") or "")
    if data.get("waves"):
        waves = tuple(_wave(file, w, period, str(data["title_zh"])) for w in data["waves"])
    else:
        waves = (_wave(file, {"id": "main", "name_zh": "", "name_en": "", "period": period,
                              "indicators": data["indicators"], "links": data.get("links")}, period,
                       str(data["title_zh"])),)
    for w in waves:
        for key in w.formulas.values():
            if key not in formulas:
                raise _fail(file, f"the formula {key!r} is not defined under 'formulas'", key=w.id)
    return FrameworkTemplate(name=str(data["name"]), aliases=tuple(str(a) for a in data.get("aliases") or ()),
                             title_zh=str(data["title_zh"]), title_en=str(data["title_en"]),
                             document=str(data["document"]), description_zh=str(data["description_zh"]),
                             description_en=str(data["description_en"]), mode=data.get("mode"),
                             domain=str(data.get("domain") or "general"), rules=rules, formulas=formulas,
                             waves=waves)


_FILES = ("reference_10.yaml", "self_evaluation.yaml", "categories_101.yaml", "st_basic_research.yaml",
          "st_technology_development.yaml", "st_application_demonstration.yaml")


@cache
def _all() -> dict[str, FrameworkTemplate]:
    return {t.name: t for t in (_load(f) for f in _FILES)}


def list_templates() -> list[str]:
    """Names of the bundled templates."""
    return list(_all())


def load_template(name: str) -> FrameworkTemplate:
    """The bundled template called ``name`` (or one of its aliases: 10号, 自评表, 101号, 基础研究, 技术开发, 应用示范).

    Raises
    ------
    InputError
        No template has that name or alias (the message lists them).
    """
    templates = _all()
    key = str(name).strip()
    if key in templates:
        return templates[key]
    for t in templates.values():
        if key in t.aliases:
            return t
    raise InputError(f"unknown framework template {name!r}; available: "
                     + ", ".join(f"{t.name} ({'/'.join(t.aliases)})" for t in templates.values()))


def templates_frame(language: str = "zh") -> pd.DataFrame:
    """One row per bundled template: name, title (in ``language``, ``"zh"`` or ``"en"``), document, mode,
    waves, n_indicators."""
    import pandas as pd

    rows = []
    for t in _all().values():
        rows.append({"name": t.name, "title": t.title_en if language == "en" else t.title_zh,
                     "document": t.document, "mode": t.mode, "waves": len(t.waves),
                     "n_indicators": sum(len(w.framework) for w in t.waves)})
    return pd.DataFrame(rows, columns=["name", "title", "document", "mode", "waves", "n_indicators"])

