"""Ex-ante performance appraisal (事前绩效评估): five dimensions, each with its evidence and a verdict, and a tier.

Why hand-written: the dimensions are a Chinese administrative rule, not a statistical method. 中共中央 国务院《关于全面
实施预算绩效管理的意见》(中发〔2018〕34号, 第四部分第（一）项) asks departments to appraise new major policies and
projects before they are funded, 重点论证 **立项必要性、投入经济性、绩效目标合理性、实施方案可行性、筹资合规性**, and
makes the appraisal a required part of the budget request. The document names the dimensions but no scoring rule;
municipal rules that implement it (e.g. a 市级财政支出事前绩效评估管理办法 published at
https://www.chacewang.com/newsdetail/news379739.html) conclude with one of three results: **予以支持 / 调整后支持 /
不予支持**. The checks and the way verdicts combine below are this package's local choice, written as rules so that a
bureau can read, test and change them.

Verdicts (each dimension): ``pass`` 符合, ``adjust`` 需调整 (fundable once the named defect is fixed), ``fail`` 不符合.

Checks (local choice; severity = the verdict a failed check gives)
------------------------------------------------------------------
立项必要性 (necessity)       no problem statement or no evidence of it → fail; no policy or plan basis → adjust;
                             no quantified beneficiaries → adjust; overlap with another funded project → adjust.
投入经济性 (economy)         the decision of :func:`~perfmethods.cba.decide_options` on the governing NPV:
                             nothing worth funding → fail; another option is better, or the risk exceeds the
                             limit → adjust; the requested option within the limit → pass.
绩效目标合理性 (targets)     no targets → fail; any error or unexplained warning of
                             :func:`perfmethods.indicators.lint` (财预〔2015〕88号 / 财预〔2021〕101号 rules) → adjust.
实施方案可行性 (feasibility)  no milestones → fail; milestones out of date order → adjust; a precondition
                             (前置要件: 环评、用地、预算评审 …) not done → adjust.
筹资合规性 (funding)         no funding source → fail; a source of a prohibited kind (borrowing other than local
                             government bonds, 《中华人民共和国预算法》第三十五条) → fail; a source without its basis
                             document, or not confirmed → adjust; sources that differ from the need by more than
                             :data:`FUNDING_TOLERANCE` → adjust.

Tier (local choice): any ``fail`` → 不予支持; else any ``adjust`` → 调整后支持; else 予以支持.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import pandas as pd

from perfmethods.cba.decision import OptionDecision
from perfmethods.errors import InputError
from perfmethods.findings import Finding, Severity
from perfmethods.i18n import t
from perfmethods.indicators import lint
from perfmethods.io import check_keys, key_line, relocated
from perfmethods.model.framework import IndicatorFramework
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result
from perfmethods.validation import check_language, check_number

__all__ = [
    "DIMENSIONS",
    "DIMENSIONS_RULE",
    "FUNDING_TOLERANCE",
    "FUNDING_TYPES",
    "PROHIBITED_FUNDING",
    "TIERS",
    "DimensionVerdict",
    "ExAnteAppraisal",
    "ExAnteEvidence",
    "FundingSource",
    "Milestone",
    "Necessity",
    "ReadinessItem",
    "appraise_ex_ante",
    "evidence_from_spec",
]

Verdict = Literal["pass", "adjust", "fail"]
Tier = Literal["support", "support_after_adjustment", "reject"]

#: The five dimensions in the order of 中发〔2018〕34号.
DIMENSIONS_RULE: Rule[tuple[str, ...]] = Rule(
    ("necessity", "economy", "targets", "feasibility", "funding"), Provenance.SECONDARY,
    "中共中央 国务院《关于全面实施预算绩效管理的意见》(中发〔2018〕34号) 四(一): 重点论证立项必要性、投入经济性、"
    "绩效目标合理性、实施方案可行性、筹资合规性等，评估结果作为申请预算的必备要件 (restated at "
    "https://xing528.com/lilun/1760615.html)",
)
DIMENSIONS = DIMENSIONS_RULE.value
#: The three results of an ex-ante appraisal (予以支持 / 调整后支持 / 不予支持).
TIERS: Rule[tuple[str, ...]] = Rule(
    ("support", "support_after_adjustment", "reject"), Provenance.SECONDARY,
    "a municipal 市级财政支出事前绩效评估管理办法 (https://www.chacewang.com/newsdetail/news379739.html)",
    note="combining the dimensions into a result (the worst verdict decides) is this package's local choice",
)
_RANK = {"pass": 0, "adjust": 1, "fail": 2}
_TIER = dict(zip(("pass", "adjust", "fail"), TIERS.value, strict=True))

#: Kinds of funding source a case file may name (labels in ``i18n/cba.yaml``: cba.exante.funding.<kind>).
FUNDING_TYPES = ("general_budget", "fund_budget", "transfer", "special_bond", "general_bond", "self_raised",
                 "social_capital", "other_debt")
#: Kinds that are never compliant: a local government borrows only by issuing bonds (预算法 第三十五条).
PROHIBITED_FUNDING: Rule[tuple[str, ...]] = Rule(
    ("other_debt",), Provenance.VERIFIED,
    "《中华人民共和国预算法》(2018年修正) 第三十五条: 除前款规定外，地方政府及其所属部门不得以任何方式举借债务 (text "
    "at http://uianet.net/dictionary/b16445921.html)",
)
#: Largest relative gap between the funding sources and the need that still counts as matched.
FUNDING_TOLERANCE: Rule[float] = Rule(0.01, Provenance.UNVERIFIED, "local choice of this package",
                                      note="1 % of the need absorbs rounding of the sources to whole 万元")
_MILESTONE_STATUS = ("done", "in_progress", "planned")
_READINESS_STATUS = ("done", "in_progress", "not_started")
_FUNDING_STATUS = ("confirmed", "requested", "pending")


@dataclass(frozen=True)
class Necessity:
    """立项必要性 evidence: the problem, its evidence, the policy basis, the beneficiaries and any overlap."""

    problem: str = ""
    evidence: tuple[str, ...] = ()
    policy_basis: tuple[str, ...] = ()
    beneficiaries: float = 0.0
    beneficiaries_unit: str = ""
    beneficiaries_who: str = ""
    overlaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Milestone:
    """A milestone of the implementation plan: ``due`` is a month (``pd.Period``)."""

    name: str
    due: pd.Period
    status: str = "planned"


@dataclass(frozen=True)
class ReadinessItem:
    """A readiness item (前置要件 when ``precondition``) with its status and document."""

    item: str
    status: str
    precondition: bool = True
    document: str = ""


@dataclass(frozen=True)
class FundingSource:
    """A funding source: name, kind (:data:`FUNDING_TYPES`), amount, status and basis document."""

    source: str
    kind: str
    amount: float
    status: str = "confirmed"
    basis: str = ""


@dataclass(frozen=True)
class ExAnteEvidence:
    """The evidence of an ex-ante appraisal as written in a case file (``ex_ante:`` of ``appraisal.yaml``)."""

    requested_option: str
    baseline_option: str | None = None
    necessity: Necessity = field(default_factory=Necessity)
    target_period: str | None = None
    target_links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()
    readiness: tuple[ReadinessItem, ...] = ()
    funding: tuple[FundingSource, ...] = ()


# ---------------------------------------------------------------------------------------------- reading
def _where(source: str, key: str, mapping: object = None, field: object = None) -> dict[str, object]:
    """The location of ``key`` (a dotted path), with the line of ``field`` in ``mapping`` when it is known."""
    line = key_line(mapping, field) if mapping is not None else None
    return {"file": source or None, **({"line": line} if line is not None else {}), "key": key}


def _texts(spec: Mapping[str, Any], key: str, source: str, section: str) -> tuple[str, ...]:
    value = spec.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(f"'{section}.{key}' must be a list of texts; got {value!r}",
                         location=_where(source, f"{section}.{key}", spec, key))
    return tuple(str(v).strip() for v in value if str(v).strip())


def _mapping(spec: Any, name: str, source: str) -> Mapping[str, Any]:
    if spec is None:
        return {}
    if not isinstance(spec, Mapping):
        raise InputError(f"'{name}' must be a mapping of keys; got {spec!r}", location=_where(source, name))
    return spec


def _known(spec: Mapping[str, Any], keys: Sequence[str], name: str, source: str) -> None:
    check_keys(spec, keys, file=source or None, section=name)


def _entries(spec: Mapping[str, Any], key: str, required: Sequence[str], optional: Sequence[str], name: str,
             source: str) -> list[Mapping[str, Any]]:
    value = spec.get(key) or []
    if not isinstance(value, list):
        raise InputError(f"'{name}.{key}' must be a list of entries", location=_where(source, f"{name}.{key}"))
    out = []
    for i, entry in enumerate(value, start=1):
        where = f"{name}.{key}[{i}]"
        if not isinstance(entry, Mapping):
            raise InputError(f"entry {i} of '{name}.{key}' must be a mapping ({', '.join(required)}); got {entry!r}",
                             location=_where(source, where, spec, key))
        _known(entry, (*required, *optional), where, source)
        missing = [k for k in required if entry.get(k) in (None, "")]
        if missing:
            raise InputError(f"entry {i} of '{name}.{key}' lacks '{missing[0]}'",
                             location=_where(source, where, spec, key))
        out.append(entry)
    return out


def _amount(entry: Mapping[str, Any], field: str, where: str, source: str) -> float:
    """A number >= 0 at ``entry[field]``; the error names the file, line and key."""
    try:
        return float(check_number(entry.get(field, 0), name=f"{where}.{field}", func="read_appraisal", low=0.0))
    except InputError as exc:
        raise relocated(exc, _where(source, f"{where}.{field}", entry, field)) from None


def _choice(entry: Mapping[str, Any], field: str, default: str | None, options: Sequence[str], where: str,
            source: str) -> str:
    value = entry.get(field, default)
    text = str(value).strip()
    if text not in options:
        raise InputError(f"'{where}.{field}' must be one of {', '.join(options)}; got {value!r}",
                         location=_where(source, f"{where}.{field}", entry, field))
    return text


def evidence_from_spec(spec: Mapping[str, Any], *, options: Sequence[str] = (), source: str = "") -> ExAnteEvidence:
    """The evidence from the ``ex_ante:`` mapping of a case file (schema: ``data/examples/environment_project``).

    Parameters
    ----------
    spec : the mapping: ``requested_option``, ``baseline_option``, ``necessity`` (``problem``, ``evidence``,
        ``policy_basis``, ``beneficiaries: {count, unit, who}``, ``overlaps``), ``targets`` (``period``,
        ``links``), ``implementation`` (``milestones: [{name, due: YYYY-MM, status}]``, ``readiness: [{item,
        precondition, status, document}]``), ``funding`` (``sources: [{source, type, amount, status, basis}]``).
    options : the case's option names (``requested_option`` and ``baseline_option`` must be among them).
    source : file name, for messages.

    Raises
    ------
    InputError : an unknown key, a missing field, a status or kind outside its list, a date that is not a month,
        an amount that is not a number ≥ 0, an option the case does not have; naming the key and entry.
    """
    spec = _mapping(spec, "ex_ante", source)
    _known(spec, ("requested_option", "baseline_option", "necessity", "targets", "implementation", "funding"),
           "ex_ante", source)
    requested = str(spec.get("requested_option") or "").strip()
    baseline = str(spec.get("baseline_option") or "").strip() or None
    if not requested:
        raise InputError("'ex_ante' lacks 'requested_option' (the option the funding request is for)",
                         location=_where(source, "ex_ante.requested_option", spec, "requested_option"))
    for key, value in (("requested_option", requested), ("baseline_option", baseline)):
        if value is not None and options and value not in options:
            raise InputError(f"'ex_ante.{key}' names the option {value!r}; the case's options are "
                             f"{', '.join(options)}", location=_where(source, f"ex_ante.{key}", spec, key))
    nec = _mapping(spec.get("necessity"), "ex_ante.necessity", source)
    _known(nec, ("problem", "evidence", "policy_basis", "beneficiaries", "overlaps"), "ex_ante.necessity", source)
    ben = _mapping(nec.get("beneficiaries"), "ex_ante.necessity.beneficiaries", source)
    _known(ben, ("count", "unit", "who"), "ex_ante.necessity.beneficiaries", source)
    count = _amount(ben, "count", "ex_ante.necessity.beneficiaries", source) if ben else 0.0
    necessity = Necessity(problem=str(nec.get("problem") or "").strip(),
                          evidence=_texts(nec, "evidence", source, "ex_ante.necessity"),
                          policy_basis=_texts(nec, "policy_basis", source, "ex_ante.necessity"),
                          beneficiaries=count, beneficiaries_unit=str(ben.get("unit") or ""),
                          beneficiaries_who=str(ben.get("who") or ""),
                          overlaps=_texts(nec, "overlaps", source, "ex_ante.necessity"))
    tgt = _mapping(spec.get("targets"), "ex_ante.targets", source)
    _known(tgt, ("period", "links"), "ex_ante.targets", source)
    links_spec = _mapping(tgt.get("links"), "ex_ante.targets.links", source)
    links = {str(k): _texts(links_spec, k, source, "ex_ante.targets.links") for k in links_spec}
    imp = _mapping(spec.get("implementation"), "ex_ante.implementation", source)
    _known(imp, ("milestones", "readiness"), "ex_ante.implementation", source)
    milestones = []
    for i, m in enumerate(_entries(imp, "milestones", ("name", "due"), ("status",), "ex_ante.implementation",
                                   source), start=1):
        where = f"ex_ante.implementation.milestones[{i}]"
        try:
            due = pd.Period(str(m["due"]), freq="M")
        except (ValueError, TypeError):
            raise InputError(f"the due date of milestone {m['name']!r} must be a month such as 2026-06; got "
                             f"{m['due']!r}", location=_where(source, f"{where}.due", m, "due")) from None
        milestones.append(Milestone(str(m["name"]), due, _choice(m, "status", "planned", _MILESTONE_STATUS, where,
                                                                 source)))
    readiness = []
    for i, r in enumerate(_entries(imp, "readiness", ("item", "status"), ("precondition", "document"),
                                   "ex_ante.implementation", source), start=1):
        where = f"ex_ante.implementation.readiness[{i}]"
        pre = r.get("precondition", True)
        if not isinstance(pre, bool):
            raise InputError(f"'{where}.precondition' must be true or false; got {pre!r}",
                             location=_where(source, f"{where}.precondition", r, "precondition"))
        readiness.append(ReadinessItem(str(r["item"]), _choice(r, "status", None, _READINESS_STATUS, where, source),
                                       pre, str(r.get("document") or "")))
    fund = _mapping(spec.get("funding"), "ex_ante.funding", source)
    _known(fund, ("sources",), "ex_ante.funding", source)
    sources = []
    for i, f in enumerate(_entries(fund, "sources", ("source", "type", "amount"), ("status", "basis"),
                                   "ex_ante.funding", source), start=1):
        where = f"ex_ante.funding.sources[{i}]"
        amount = _amount(f, "amount", where, source)
        sources.append(FundingSource(str(f["source"]), _choice(f, "type", None, FUNDING_TYPES, where, source),
                                     amount, _choice(f, "status", "confirmed", _FUNDING_STATUS, where, source),
                                     str(f.get("basis") or "")))
    return ExAnteEvidence(requested_option=requested, baseline_option=baseline, necessity=necessity,
                          target_period=str(tgt["period"]) if tgt.get("period") else None, target_links=links,
                          milestones=tuple(milestones), readiness=tuple(readiness), funding=tuple(sources))


# ---------------------------------------------------------------------------------------------- checks
def _finding(code: str, severity: Severity, **fields: Any) -> Finding:
    key = f"cba.exante.check.{code}"
    return Finding(code=code, severity=severity, message_zh=t(key, "zh", **fields), message_en=t(key, "en", **fields))


def _verdict(checks: Sequence[tuple[Finding, Verdict]]) -> Verdict:
    return max((v for _, v in checks), key=_RANK.__getitem__, default="pass")


@dataclass(frozen=True)
class DimensionVerdict:
    """One dimension's verdict, the findings that decided it and a short evidence summary.

    Attributes
    ----------
    dimension : one of :data:`DIMENSIONS`.
    verdict : ``"pass"``, ``"adjust"`` or ``"fail"``.
    findings : what the checks found (errors and warnings gave the verdict; info findings state the evidence).
    """

    dimension: str
    verdict: Verdict
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "verdict": self.verdict, "findings": [f.to_dict() for f in self.findings]}


def _join(items: Sequence[str]) -> str:
    return "、".join(items)


def _necessity(ev: Necessity) -> DimensionVerdict:
    checks: list[tuple[Finding, Verdict]] = []
    if not ev.problem or not ev.evidence:
        checks.append((_finding("no_problem", Severity.ERROR), "fail"))
    else:
        checks.append((_finding("problem", Severity.INFO, n=len(ev.evidence)), "pass"))
    if ev.policy_basis:
        checks.append((_finding("policy_basis", Severity.INFO, basis=_join(ev.policy_basis)), "pass"))
    else:
        checks.append((_finding("no_policy_basis", Severity.WARNING), "adjust"))
    if ev.beneficiaries > 0:
        checks.append((_finding("beneficiaries", Severity.INFO, who=ev.beneficiaries_who, count=ev.beneficiaries,
                                unit=ev.beneficiaries_unit), "pass"))
    else:
        checks.append((_finding("no_beneficiaries", Severity.WARNING), "adjust"))
    if ev.overlaps:
        checks.append((_finding("overlap", Severity.WARNING, overlaps=_join(ev.overlaps)), "adjust"))
    return DimensionVerdict("necessity", _verdict(checks), tuple(f for f, _ in checks))


def _economy(decision: OptionDecision, labels: Mapping[str, str], unit: str) -> DimensionVerdict:
    verdict = decision.verdict
    row = decision.table.set_index("option").loc[decision.option]
    severity = {"pass": Severity.INFO, "adjust": Severity.WARNING, "fail": Severity.ERROR}[verdict]
    finding = _finding(decision.status, severity, option=labels.get(decision.option, decision.option),
                       requested=labels.get(decision.requested, decision.requested),
                       baseline=labels.get(decision.baseline, decision.baseline), npv=row["governing_npv"],
                       increment=row["increment"], p=row["p_worse"], limit=decision.max_p_worse, unit=unit)
    return DimensionVerdict("economy", verdict, (finding,))


def _targets(framework: IndicatorFramework | None, period: str | None,
             links: Mapping[str, Sequence[str]], reasons: Mapping[str, str] | None) -> DimensionVerdict:
    if framework is None or len(framework) == 0:
        return DimensionVerdict("targets", "fail", (_finding("no_targets", Severity.ERROR),))
    found = lint(framework, period=period, links=links or None, reasons=reasons)
    blocking = [f for f in found if f.severity in (Severity.ERROR, Severity.WARNING)]
    head = _finding("targets", Severity.INFO, n=len(framework), problems=len(blocking))
    return DimensionVerdict("targets", "adjust" if blocking else "pass", (head, *found))


def _feasibility(milestones: Sequence[Milestone], readiness: Sequence[ReadinessItem]) -> DimensionVerdict:
    checks: list[tuple[Finding, Verdict]] = []
    if not milestones:
        return DimensionVerdict("feasibility", "fail", (_finding("no_milestones", Severity.ERROR),))
    last = milestones[-1]
    checks.append((_finding("milestones", Severity.INFO, n=len(milestones), name=last.name,
                            year=last.due.year, month=last.due.month), "pass"))
    for before, after in zip(milestones, milestones[1:], strict=False):
        if after.due < before.due:
            checks.append((_finding("milestone_order", Severity.WARNING, first=before.name, second=after.name),
                           "adjust"))
    missing = [r.item for r in readiness if r.precondition and r.status != "done"]
    if missing:
        checks.append((_finding("precondition_missing", Severity.WARNING, items=_join(missing)), "adjust"))
    done = [r.item for r in readiness if r.precondition and r.status == "done"]
    if done:
        checks.append((_finding("preconditions_done", Severity.INFO, items=_join(done)), "pass"))
    open_items = [r.item for r in readiness if not r.precondition and r.status != "done"]
    if open_items:
        checks.append((_finding("open_items", Severity.INFO, items=_join(open_items)), "pass"))
    return DimensionVerdict("feasibility", _verdict(checks), tuple(f for f, _ in checks))


def _funding(sources: Sequence[FundingSource], need: float, unit: str) -> DimensionVerdict:
    if not sources:
        return DimensionVerdict("funding", "fail", (_finding("no_sources", Severity.ERROR),))
    checks: list[tuple[Finding, Verdict]] = []
    total = sum(s.amount for s in sources)
    bad = [s.source for s in sources if s.kind in PROHIBITED_FUNDING.value]
    if bad:
        checks.append((_finding("prohibited_source", Severity.ERROR, sources=_join(bad)), "fail"))
    no_basis = [s.source for s in sources if not s.basis]
    if no_basis:
        checks.append((_finding("no_basis", Severity.WARNING, sources=_join(no_basis)), "adjust"))
    pending = [s.source for s in sources if s.status == "pending"]
    if pending:
        checks.append((_finding("unconfirmed", Severity.WARNING, sources=_join(pending)), "adjust"))
    gap = total - need
    if need > 0 and abs(gap) > FUNDING_TOLERANCE.value * need:
        code = "funding_gap" if gap < 0 else "funding_excess"
        checks.append((_finding(code, Severity.WARNING, total=total, need=need, gap=abs(gap), unit=unit), "adjust"))
    else:
        checks.append((_finding("funding_matched", Severity.INFO, total=total, need=need, unit=unit), "pass"))
    return DimensionVerdict("funding", _verdict(checks), tuple(f for f, _ in checks))


@dataclass(frozen=True, repr=False)
class ExAnteAppraisal(Result):
    """An ex-ante appraisal: the five dimensions' verdicts, the tier and the option decision behind 投入经济性.

    Attributes
    ----------
    dimensions : one :class:`DimensionVerdict` per dimension, in the order of :data:`DIMENSIONS`.
    tier : ``"support"`` 予以支持, ``"support_after_adjustment"`` 调整后支持 or ``"reject"`` 不予支持.
    decision : the :class:`~perfmethods.cba.OptionDecision` (evidence of 投入经济性).
    funding_need : the amount the funding sources must cover (in ``unit``).
    unit : currency unit.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("tier",)

    dimensions: tuple[DimensionVerdict, ...]
    tier: Tier
    decision: OptionDecision
    funding_need: float
    unit: str = ""

    def verdicts(self) -> dict[str, Verdict]:
        """Dimension → verdict."""
        return {d.dimension: d.verdict for d in self.dimensions}

    def dimension(self, name: str) -> DimensionVerdict:
        """The verdict of one dimension (a name of :data:`DIMENSIONS`)."""
        for d in self.dimensions:
            if d.dimension == name:
                return d
        raise InputError(f"unknown dimension {name!r}; the dimensions are {', '.join(DIMENSIONS)}")

    def summary(self, language: str = "zh") -> pd.DataFrame:
        """One row per dimension: ``dimension``, ``verdict`` (codes), ``label``, ``verdict_label``, ``reasons``
        (the warnings and errors that decided it, or the evidence when it passed), in ``language``."""
        lang = check_language(language, func="summary")
        rows = []
        for d in self.dimensions:
            deciding = [f for f in d.findings if f.severity != Severity.INFO] or list(d.findings)
            rows.append({"dimension": d.dimension, "verdict": d.verdict,
                         "label": t(f"cba.exante.dim.{d.dimension}", lang),
                         "verdict_label": t(f"cba.exante.verdict.{d.verdict}", lang),
                         "reasons": ("" if lang == "zh" else " ").join(f.message(lang) for f in deciding)})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "verdicts": self.verdicts(), "funding_need": self.funding_need, "unit": self.unit,
                "dimensions": [d.to_dict() for d in self.dimensions], "decision": self.decision.to_dict()}


def appraise_ex_ante(evidence: ExAnteEvidence, decision: OptionDecision, *,
                     targets: IndicatorFramework | None, funding_need: float, unit: str = "",
                     option_labels: Mapping[str, str] | None = None,
                     target_reasons: Mapping[str, str] | None = None) -> ExAnteAppraisal:
    """Appraise a funding request on the five dimensions of 中发〔2018〕34号 and give the tier.

    Parameters
    ----------
    evidence : the case's evidence (:func:`evidence_from_spec`, read with the case file).
    decision : the option decision on the governing NPV (:func:`~perfmethods.cba.decide_options`), the evidence
        of 投入经济性; its requested option must be the evidence's.
    targets : the performance targets (绩效目标申报表) as an indicator framework, or ``None`` when there are none.
    funding_need : what the sources must cover (e.g. the requested option's remaining capital cost and taxes at
        current prices, :meth:`~perfmethods.cba.case_file.AppraisalCase.funding_need`).
    unit : currency unit of ``funding_need`` and the NPVs.
    option_labels : option → the name the findings use (default: the option's own name).
    target_reasons : written reasons that accept target-lint warnings (see :func:`perfmethods.indicators.lint`).

    Returns
    -------
    ExAnteAppraisal
    """
    if not isinstance(evidence, ExAnteEvidence):
        raise InputError(f"The 'evidence' parameter of appraise_ex_ante must be an ExAnteEvidence; got "
                         f"{type(evidence).__name__} instead.")
    if not isinstance(decision, OptionDecision):
        raise InputError(f"The 'decision' parameter of appraise_ex_ante must come from decide_options; got "
                         f"{type(decision).__name__} instead.")
    if decision.requested != evidence.requested_option:
        raise InputError(f"the decision was made for the requested option {decision.requested!r}, but the evidence "
                         f"requests {evidence.requested_option!r}", location={"key": "requested_option"})
    need = float(check_number(funding_need, name="funding_need", func="appraise_ex_ante", low=0.0))
    labels = dict(option_labels or {})
    dims = (_necessity(evidence.necessity), _economy(decision, labels, unit),
            _targets(targets, evidence.target_period, evidence.target_links, target_reasons),
            _feasibility(evidence.milestones, evidence.readiness), _funding(evidence.funding, need, unit))
    worst = max((d.verdict for d in dims), key=_RANK.__getitem__)
    return ExAnteAppraisal(dimensions=dims, tier=_TIER[worst], decision=decision,  # type: ignore[arg-type]
                           funding_need=need, unit=unit)
