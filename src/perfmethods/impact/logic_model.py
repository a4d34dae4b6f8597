"""Logic model / results chain (逻辑模型 / 结果链): inputs → activities → outputs → outcomes → impacts.

A :class:`LogicModel` holds the elements of each stage (投入 inputs, 活动 activities, 产出 outputs, 效果
outcomes, 影响 impacts), the causal links between consecutive stages with their assumptions, the indicators
that evidence each element and link, and the follow-up waves (years after the programme starts) at which each
indicator is measured. :meth:`LogicModel.schedule` says which long-horizon indicator is measured when, so a
report can show what can be known after 1, 3, 5 or 10 years and which method estimates it.

The structure follows the results-chain convention of the Payback Framework (Buxton & Hanney 1996; Donovan &
Hanney 2011) and the Horizon Europe key impact pathways (Reg. (EU) 2021/695 Annex V: short-, medium- and
long-term indicators), and matches the output (产出) / effect (效益) split of Chinese performance indicator
frameworks (财预〔2020〕10号). Plain dataclasses: no library models this.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.impact.panel_data import json_tree
from perfmethods.validation import check_language

__all__ = ["STAGES", "Element", "Indicator", "Link", "LogicModel", "science_programme_logic_model"]

#: The stages of the results chain, in order.
STAGES: tuple[str, ...] = ("inputs", "activities", "outputs", "outcomes", "impacts")
_STAGE_ZH = {"inputs": "投入", "activities": "活动", "outputs": "产出", "outcomes": "效果", "impacts": "影响"}
_STAGE_EN = {"inputs": "Inputs", "activities": "Activities", "outputs": "Outputs", "outcomes": "Outcomes",
             "impacts": "Impacts"}


@dataclass(frozen=True)
class Element:
    """One box of the results chain.

    Attributes
    ----------
    id : unique key.
    stage : one of :data:`STAGES`.
    name : label (Chinese or English).
    name_en : English label (optional).
    """

    id: str
    stage: str
    name: str
    name_en: str = ""


@dataclass(frozen=True)
class Link:
    """A causal link from an element to an element of the next stage.

    Attributes
    ----------
    source, target : element ids (target in the next stage).
    assumption : what must hold for the link to work (e.g. "firms do not cut their own R&D").
    indicators : ids of the indicators that evidence the link.
    """

    source: str
    target: str
    assumption: str = ""
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """An indicator of one element, measured at follow-up waves.

    Attributes
    ----------
    id : unique key.
    element : id of the element it measures.
    name : label.
    unit : unit of measurement.
    waves : years after the programme start at which it is measured (0 = baseline).
    method : how the effect on it is estimated (e.g. ``"callaway_santanna"``, ``"rdd"``, ``"mncs"``,
        ``"monitoring"``).
    source : data source.
    baseline, target : optional values.
    name_en : English label (optional).
    """

    id: str
    element: str
    name: str
    unit: str = ""
    waves: tuple[int, ...] = (0,)
    method: str = ""
    source: str = ""
    baseline: float | None = None
    target: float | None = None
    name_en: str = ""


@dataclass(frozen=True)
class LogicModel:
    """A validated results chain with indicators and follow-up waves.

    Attributes
    ----------
    name : programme name.
    start_year : first year of the programme (wave 0).
    elements, links, indicators : the chain (see :class:`Element`, :class:`Link`, :class:`Indicator`).
    diagnostics : elements and links without indicators, long-horizon stages measured only early.

    Raises
    ------
    InputError
        Unknown stage, duplicated ids, a link to an unknown element or not to the next stage, an indicator
        of an unknown element, a link naming an unknown indicator, negative or unsorted waves.
    """

    name: str
    start_year: int
    elements: tuple[Element, ...]
    links: tuple[Link, ...]
    indicators: tuple[Indicator, ...]
    diagnostics: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        ids = [e.id for e in self.elements]
        if len(set(ids)) != len(ids):
            raise InputError(f"element ids must be unique; duplicated: {sorted({i for i in ids if ids.count(i) > 1})}")
        stage_of = {}
        for e in self.elements:
            if e.stage not in STAGES:
                raise InputError(f"element {e.id!r} has stage {e.stage!r}; the stages are {list(STAGES)}.",
                                 location={"key": e.id})
            stage_of[e.id] = STAGES.index(e.stage)
        ind_ids = [i.id for i in self.indicators]
        if len(set(ind_ids)) != len(ind_ids):
            raise InputError(f"indicator ids must be unique; duplicated: "
                             f"{sorted({i for i in ind_ids if ind_ids.count(i) > 1})}")
        for ind in self.indicators:
            if ind.element not in stage_of:
                raise InputError(f"indicator {ind.id!r} measures unknown element {ind.element!r}.",
                                 location={"indicator": ind.id})
            w = list(ind.waves)
            if not w or any(int(x) != x or x < 0 for x in w) or w != sorted(set(w)):
                raise InputError(f"indicator {ind.id!r} must have increasing, non-negative whole-year waves; got "
                                 f"{ind.waves!r}.", location={"indicator": ind.id})
        for link in self.links:
            for end in (link.source, link.target):
                if end not in stage_of:
                    raise InputError(f"link {link.source!r} → {link.target!r} names unknown element {end!r}.")
            if stage_of[link.target] != stage_of[link.source] + 1:
                raise InputError(f"link {link.source!r} → {link.target!r} must go to the next stage "
                                 f"({STAGES[stage_of[link.source]]} → "
                                 f"{STAGES[min(stage_of[link.source] + 1, 4)]}); add the intermediate element.")
            unknown = [i for i in link.indicators if i not in ind_ids]
            if unknown:
                raise InputError(f"link {link.source!r} → {link.target!r} names unknown indicator(s) {unknown}.")
        measured = {i.element for i in self.indicators}
        unmeasured = [e.id for e in self.elements if e.id not in measured]
        bare_links = [f"{lk.source}→{lk.target}" for lk in self.links if not lk.indicators]
        early = [i.id for i in self.indicators
                 if STAGES[stage_of[i.element]] == "impacts" and max(i.waves) < 5]
        missing_stages = [s for s in STAGES if s not in {e.stage for e in self.elements}]
        diag = {"elements_without_indicators": unmeasured, "links_without_indicators": bare_links,
                "impact_indicators_only_before_year_5": early, "missing_stages": missing_stages}
        object.__setattr__(self, "diagnostics", diag)  # derived in validation, once
        if missing_stages:
            warnings.warn(ConsistencyWarning(f"the results chain has no element in stage(s) {missing_stages}."),
                          stacklevel=3)
        if early:
            warnings.warn(ConsistencyWarning(
                f"impact indicator(s) {early} are measured only in the first five years; long-term impacts of "
                "research funding take longer to appear. Add a later follow-up wave or use a surrogate."),
                stacklevel=3)

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> LogicModel:
        """Build from a plain mapping (e.g. read from YAML): ``name``, ``start_year``, ``elements``,
        ``links`` and ``indicators`` as lists of mappings with the fields of :class:`Element`,
        :class:`Link` and :class:`Indicator`."""
        try:
            return cls(
                name=str(spec["name"]), start_year=int(spec["start_year"]),
                elements=tuple(Element(**e) for e in spec.get("elements", [])),
                links=tuple(Link(**{**lk, "indicators": tuple(lk.get("indicators", ()))})
                            for lk in spec.get("links", [])),
                indicators=tuple(Indicator(**{**i, "waves": tuple(i.get("waves", (0,)))})
                                 for i in spec.get("indicators", [])))
        except (KeyError, TypeError) as exc:
            raise InputError(f"the logic-model specification is incomplete or has an unknown field: {exc}") from None

    # ------------------------------------------------------------------------------------------- views
    def _element_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"element": e.id, "stage": e.stage, "element_name": e.name,
                              "element_name_en": e.name_en} for e in self.elements])

    def summary(self) -> pd.DataFrame:
        """One row per indicator: stage, element, indicator, unit, waves, method, source (stage order)."""
        rows = [{"indicator": i.id, "element": i.element, "name": i.name, "name_en": i.name_en, "unit": i.unit,
                 "waves": ", ".join(str(w) for w in i.waves), "first_wave": min(i.waves), "last_wave": max(i.waves),
                 "method": i.method, "source": i.source, "baseline": i.baseline, "target": i.target}
                for i in self.indicators]
        frame = pd.DataFrame(rows).merge(self._element_frame(), on="element", how="left")
        frame["stage_order"] = frame["stage"].map({s: k for k, s in enumerate(STAGES)})
        frame = frame.sort_values(["stage_order", "first_wave", "indicator"]).drop(columns="stage_order")
        cols = ["stage", "element", "element_name", "indicator", "name", "name_en", "unit", "waves", "first_wave",
                "last_wave", "method", "source", "baseline", "target"]
        return frame[cols].reset_index(drop=True)

    def schedule(self) -> pd.DataFrame:
        """One row per indicator × follow-up wave: ``wave`` (years after start), ``year``, stage, method."""
        s = self.summary()
        s["wave"] = s["waves"].str.split(", ").map(lambda ws: [int(w) for w in ws])
        out = s.explode("wave").astype({"wave": int})
        out["year"] = self.start_year + out["wave"]
        return out[["year", "wave", "stage", "element", "indicator", "name", "method", "source"]].sort_values(
            ["wave", "stage", "indicator"], key=lambda c: c.map({s: k for k, s in enumerate(STAGES)})
            if c.name == "stage" else c).reset_index(drop=True)

    def chain(self) -> pd.DataFrame:
        """The links: from, to, their stages, the assumption and the evidencing indicators."""
        st = {e.id: e.stage for e in self.elements}
        return pd.DataFrame([{"source": lk.source, "source_stage": st[lk.source], "target": lk.target,
                              "target_stage": st[lk.target], "assumption": lk.assumption,
                              "indicators": ", ".join(lk.indicators)} for lk in self.links])

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict of the whole model (round-trips through :meth:`from_dict`)."""
        return json_tree({
            "name": self.name, "start_year": self.start_year,
            "elements": [vars(e) for e in self.elements],
            "links": [{**vars(lk), "indicators": list(lk.indicators)} for lk in self.links],
            "indicators": [{**vars(i), "waves": list(i.waves)} for i in self.indicators],
            "diagnostics": self.diagnostics})

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Measurement timeline: indicators (grouped by stage) against follow-up year."""
        import matplotlib.pyplot as plt
        import seaborn as sns

        check_language(language, func="plot")
        s = self.summary()
        sched = self.schedule()
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 0.6 + 0.32 * len(s)))
        names = {STAGES[k]: (_STAGE_ZH if language == "zh" else _STAGE_EN)[STAGES[k]] for k in range(5)}
        label_col = "name" if language == "zh" else "name_en"
        labels = [(r[label_col] or r["name"]) for _, r in s.iterrows()]
        ypos = {ind: len(s) - 1 - k for k, ind in enumerate(s["indicator"])}
        palette = sns.color_palette(n_colors=5)
        for k, stage in enumerate(STAGES):
            d = sched[sched["stage"] == stage]
            if len(d):
                ax.scatter(d["year"], d["indicator"].map(ypos), color=palette[k], label=names[stage], s=36)
        ax.set_yticks([ypos[i] for i in s["indicator"]], labels, fontsize="small")
        ax.set_xlabel("年份" if language == "zh" else "year")
        ax.set_title(("{name}：指标测量时间表" if language == "zh" else "{name}: measurement schedule").format(
            name=self.name))
        ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        years = sched["year"]
        ax.set_xlim(years.min() - 0.5, years.max() + 0.5)
        ax.grid(axis="x", alpha=0.3)
        return ax


def science_programme_logic_model(start_year: int = 2014, *, language_names: bool = True) -> LogicModel:
    """A results chain for an R&D funding programme, with indicators tied to the bundled example data.

    Inputs (grants) → activities (funded R&D projects) → outputs (publications, patents) → outcomes (R&D
    spending of firms, citation impact) → impacts (revenue, R&D capital stock). Waves are years after the
    first funding round; the methods name the :mod:`perfmethods.impact` estimators that measure each.

    Parameters
    ----------
    start_year : the first funding year (wave 0; default 2014, the first round of the bundled data).
    language_names : keep both Chinese (``name``) and English (``name_en``) labels (default ``True``);
        ``False`` keeps only the Chinese label.

    Returns
    -------
    LogicModel
    """
    E = Element
    elements = (
        E("grant", "inputs", "财政科技经费", "programme grants"),
        E("review", "inputs", "专家评审与资助线", "peer review and funding cut-off"),
        E("projects", "activities", "受资助研发项目", "funded R&D projects"),
        E("papers", "outputs", "论文产出", "publications"),
        E("patents", "outputs", "专利产出", "patents"),
        E("rd", "outcomes", "企业研发投入", "firms' R&D spending"),
        E("quality", "outcomes", "科研影响力", "research impact"),
        E("growth", "impacts", "企业营业收入增长", "revenue growth"),
        E("capital", "impacts", "研发资本积累", "R&D capital accumulation"),
    )
    I = Indicator  # noqa: E741
    indicators = (
        I("I1", "grant", "资助金额", "万元", (0, 1, 2), "monitoring", "budget records", name_en="grant amount"),
        I("I2", "review", "申请评审得分", "分", (0,), "rdd", "applications", name_en="application score"),
        I("A1", "projects", "按期完成项目比例", "%", (1, 3), "monitoring", "project reports",
          name_en="projects completed on time"),
        I("O1", "papers", "论文数", "篇", (1, 3, 5), "did", "publications", name_en="publications"),
        I("O2", "patents", "专利授权数", "件", (1, 3, 5), "callaway_santanna", "patents", name_en="patents granted"),
        I("C1", "rd", "企业研发支出", "万元", (1, 3, 5), "callaway_santanna", "panel", name_en="R&D spending"),
        I("C2", "quality", "篇均标准化引文影响力 MNCS", "", (3, 5, 10), "mncs", "publications",
          name_en="MNCS"),
        I("C3", "quality", "前10%高被引论文比例", "%", (3, 5, 10), "pp_top10", "publications",
          name_en="PP(top 10%)"),
        I("M1", "growth", "营业收入", "万元", (5, 10), "rd_returns", "panel", name_en="revenue"),
        I("M2", "capital", "研发资本存量", "万元", (5, 10), "rd_capital_stock", "panel",
          name_en="R&D capital stock"),
    )
    if not language_names:
        indicators = tuple(I(**{**vars(i), "name_en": ""}) for i in indicators)
        elements = tuple(E(e.id, e.stage, e.name) for e in elements)
    links = (
        Link("grant", "projects", "资金按时拨付 / grants paid on time", ("I1", "A1")),
        Link("review", "projects", "评审选出优质项目 / review selects good projects", ("I2",)),
        Link("projects", "papers", "项目产出可发表成果 / projects produce publishable results", ("O1",)),
        Link("projects", "patents", "成果可专利化 / results are patentable", ("O2",)),
        Link("papers", "quality", "论文被同行使用 / papers are used by peers", ("C2", "C3")),
        Link("patents", "rd", "资助不挤出自有研发 / grants do not crowd out own R&D", ("C1",)),
        Link("rd", "growth", "研发转化为产品 / R&D turns into products", ("M1",)),
        Link("rd", "capital", "研发形成知识存量 / R&D builds a knowledge stock", ("M2",)),
    )
    return LogicModel(name="科技计划项目" if not language_names else "科技计划项目 / R&D funding programme",
                      start_year=int(start_year), elements=elements, links=links, indicators=indicators)
