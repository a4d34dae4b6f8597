"""read_appraisal: strict appraisal.yaml (unknown keys, typed values), files kept in the case folder, located
errors for malformed tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfmethods.cba.case_file import APPRAISAL_KEYS, read_appraisal
from perfmethods.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
CASES = [ROOT / "data" / "examples" / "environment_project", ROOT / "data" / "examples" / "science_facility"]
SECRET = "root:x:0:0:SECRET-FIRST-LINE"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES[0], tmp_path / "case"))


def _edit(case: Path, old: str, new: str) -> None:
    yml = case / "appraisal.yaml"
    text = yml.read_text(encoding="utf-8")
    assert old in text, old
    yml.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(case: Path, start: str) -> int:
    lines = (case / "appraisal.yaml").read_text(encoding="utf-8").splitlines()
    return next(k for k, s in enumerate(lines, start=1) if s.startswith(start))


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_bundled_cases_use_only_known_keys(folder: Path) -> None:
    case = read_appraisal(folder)
    assert case.uncertainty and case.variables and case.optimism_bias["project_type"]


def test_misspelled_uncertainty_is_refused_with_a_suggestion(case: Path) -> None:
    _edit(case, "uncertainty:", "uncertainity:")
    with pytest.raises(InputError, match=r"unknown key 'uncertainity' \(did you mean 'uncertainty'\?\)") as info:
        read_appraisal(case)
    assert info.value.location == {"file": "appraisal.yaml", "line": _line(case, "uncertainity:"),
                                   "key": "uncertainity"}
    assert "uncertainty" in APPRAISAL_KEYS


@pytest.mark.parametrize(
    "old, new, pattern, key",
    [
        ("  cashflows: cashflows.csv", "  cashflow: cashflows.csv", r"unknown key 'files.cashflow'", "files.cashflow"),
        ("  mitigation: 0.8", "  mitigaton: 0.8", r"did you mean 'mitigation'", "optimism_bias.mitigaton"),
        ("price_base: 2023", "price_base: 20x3", "must be a year such as 2025; got '20x3'", "price_base"),
        ("decision_year: 2025", "decision_year: {y: 1}", "must be a single value", "decision_year"),
        ("closure_cost: 260.0", "closure_cost: lots", "'closure_cost' must be a number; got 'lots'", "closure_cost"),
        ("  税费: 0.0", "  税费: none", "'conversion_factors.税费' must be a number", "conversion_factors.税费"),
        ("    工程材料: 0.62", "    工程材料: [0.62]", "must be a single value", "options.target.工程材料"),
        ("name: 某区", "name: {a: 1}  # 某区", "'name' must be a single value", "name"),
        ("optimism_bias:\n  project_type: standard_civil_engineering\n  mitigation:",
         "optimism_bias: standard_civil_engineering\n# mitigation:", "'optimism_bias' must be a mapping",
         "optimism_bias"),
    ],
)
def test_yaml_errors_name_file_line_and_key(case: Path, old: str, new: str, pattern: str, key: str) -> None:
    _edit(case, old, new)
    with pytest.raises(InputError, match=pattern) as info:
        read_appraisal(case)
    assert info.value.location["file"] == "appraisal.yaml"
    assert info.value.location["key"] == key
    assert isinstance(info.value.location.get("line"), int)


def test_distribution_parameter_that_is_not_a_number(case: Path) -> None:
    _edit(case, "mode: 1.0, high: 1.35", "mode: 1.0, high: much")
    with pytest.raises(InputError, match="parameter 'high' of the pert distribution of '材料价格' must be a number"):
        read_appraisal(case)


def test_rank_correlation_rho_that_is_not_a_number(case: Path) -> None:
    _edit(case, "[材料价格, 人工成本, 0.5]", "[材料价格, 人工成本, high]")
    with pytest.raises(InputError, match="rho .* must be a number") as info:
        read_appraisal(case)
    assert info.value.location["key"] == "rank_correlation"


@pytest.mark.parametrize(
    "new, pattern",
    [
        ("[材料价格, 人工成本, 1.5]", r"must lie between -1 and 1"),
        ("[材料价格, 人工成本, .nan]", r"must lie between -1 and 1"),
        ("[材料价格, 投资总额, 0.5]", r"names '投资总额', which has no distribution under 'uncertainty'"),
        ("[材料价格, 材料价格, 0.5]", r"correlates '材料价格' with itself"),
        ("[人工成本, 材料价格, 0.2]", r"the pair '人工成本', '材料价格' is given twice"),
    ],
)
def test_rank_correlation_entries_are_checked(case: Path, new: str, pattern: str) -> None:
    old = "[水质效益, 生态效益, 0.4]" if "0.2" in new else "[材料价格, 人工成本, 0.5]"
    _edit(case, old, new)
    with pytest.raises(InputError, match=pattern) as info:
        read_appraisal(case)
    assert info.value.location == {"file": "appraisal.yaml", "line": _line(case, "rank_correlation:"),
                                   "key": "rank_correlation"}


def test_inconsistent_rank_correlations_are_refused_before_any_draw(case: Path) -> None:
    """Each rho is valid alone, together they are impossible (no correlation matrix has them)."""
    _edit(case, "  - [水质效益, 生态效益, 0.4]", "  - [水质效益, 生态效益, 0.9]\n  - [水质效益, 防洪效益, 0.9]\n"
          "  - [生态效益, 防洪效益, -0.9]")
    with pytest.raises(InputError, match="not positive definite") as info:
        read_appraisal(case)
    assert info.value.location["key"] == "rank_correlation"


@pytest.mark.parametrize(
    "new, pattern",
    [
        ("china_2099", r"the discount rate 'economic'.*unknown schedule name 'china_2099'.*did you mean 'china_2006'"),
        ("'8%'", r"the discount rate 'economic'.*write the rate as the number 0.08"),
    ],
)
def test_unknown_discount_schedule_is_refused_with_its_line(case: Path, new: str, pattern: str) -> None:
    _edit(case, "economic: china_2006 ", f"economic: {new} ")
    with pytest.raises(InputError, match=pattern) as info:
        read_appraisal(case)
    assert info.value.location == {"file": "appraisal.yaml", "line": _line(case, "  economic:"),
                                   "key": "rates.economic"}


@pytest.mark.parametrize("value", ["../../../../etc/passwd", "/etc/passwd"])
def test_cashflows_outside_the_case_folder_is_refused(case: Path, value: str) -> None:
    _edit(case, "  cashflows: cashflows.csv", f"  cashflows: {value}")
    with pytest.raises(InputError, match="is outside the project folder") as info:
        read_appraisal(case)
    assert info.value.location["key"] == "files.cashflows"
    assert info.value.location["line"] == _line(case, "  cashflows: ")
    assert "unsupported file type" not in str(info.value)


def test_symlinked_deflator_outside_is_refused_unless_allowed(case: Path, tmp_path: Path) -> None:
    outside = tmp_path / "shared" / "deflator.csv"
    outside.parent.mkdir()
    shutil.move(case / "deflator.csv", outside)
    (case / "deflator.csv").symlink_to(outside)
    with pytest.raises(InputError, match="outside the project folder") as info:
        read_appraisal(case)
    assert info.value.location["key"] == "files.deflator"
    assert len(read_appraisal(case, allow_outside=True).deflator) > 0


def test_symlink_to_a_system_file_never_quotes_it(case: Path, tmp_path: Path) -> None:
    system = tmp_path / "passwd"
    system.write_text(SECRET + "\n", encoding="utf-8")
    (case / "cashflows.csv").unlink()
    (case / "cashflows.csv").symlink_to(system)
    with pytest.raises(InputError, match="outside the project folder") as info:
        read_appraisal(case)
    assert SECRET not in str(info.value)


def test_symlink_loop_is_an_input_error(case: Path) -> None:
    (case / "cashflows.csv").unlink()
    (case / "cashflows.csv").symlink_to("cashflows.csv")
    with pytest.raises(InputError, match="symbolic link loop"):
        read_appraisal(case)


@pytest.mark.parametrize(
    "name, content, pattern",
    [
        ("cashflows.csv", "", "the table is empty"),
        ("cashflows.csv", "version,year,flow,kind,category,price_base,amount\n", "has no rows"),
        ("deflator.csv", "", "the table is empty"),
        ("cashflows.csv", None, "quote .* opened on line"),
        ("deflator.csv", "year,price_index\n2023,100\n20x4,103\n", "row 3, column 'year'.*whole year"),
    ],
)
def test_malformed_tables_give_located_input_errors(case: Path, name: str, content: str | None,
                                                    pattern: str) -> None:
    path = case / name
    if content is None:
        content = path.read_text(encoding="utf-8-sig") + '"unclosed,1\n'
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=pattern) as info:
        read_appraisal(case)
    assert name in str(info.value.location["file"])


def test_misspelled_distribution_parameter_is_refused_with_a_suggestion(case: Path) -> None:
    _edit(case, "mode: 1.0, high: 1.35", "mode: 1.0, hihg: 1.35")
    with pytest.raises(InputError, match=r"wrong parameters: unknown 'hihg' \(did you mean 'high'\?\)") as info:
        read_appraisal(case)
    assert info.value.location["line"] == _line(case, "  材料价格: {distribution: pert")
