"""The ``perfmethods`` command line.

Start-up is kept light: this module imports only the standard library, the version and the error classes; each
command imports what it needs when it runs (pandas, papermill, nbconvert...), so ``perfmethods --version`` and
``--help`` answer at once.

Subcommands are entries of :data:`COMMANDS` (name → :class:`Command`: help, argument set-up, run);
add one there to extend the CLI. Expected errors (bad parameters, unreadable inputs, failed renders)
print one line on stderr, without a traceback, and set the exit code: 2 for input and parameter
errors (as argparse does for usage errors), 1 for render failures and other perfmethods errors
(``render-batch``: when any project failed; the others are rendered and the index lists the failures),
130 for Ctrl-C.

Examples
--------
::

    perfmethods render notebooks/reports/project_evaluation.ipynb \\
        -p data/examples/culture_program/report.yaml -o reports/culture_program --set language=en
    perfmethods render-batch notebooks/reports/project_evaluation.ipynb data/examples/portfolio \\
        -o reports/portfolio --workers 2
    perfmethods params notebooks/reports/project_evaluation.ipynb
    perfmethods evaluate data/examples/culture_program
    perfmethods lint data/examples/indicator_design/draft.csv
    perfmethods profiles central
    perfmethods review data/examples/review_batch -o review.xlsx --profile as_printed
    perfmethods course build -o course --lesson 03
    perfmethods --version
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from perfmethods import __version__
from perfmethods.errors import InputError, PerfMethodsError, RenderError

__all__ = ["COMMANDS", "Command", "build_parser", "main"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
#: Exit status after SIGTERM (128 + 15), which a render turns into ``SystemExit`` to clean up first.
EXIT_TERMINATED = 143


@dataclass(frozen=True)
class Command:
    """One subcommand.

    Attributes
    ----------
    help : str
        One-line description shown by ``perfmethods --help``.
    configure : callable
        Adds the subcommand's arguments to its parser.
    run : callable
        Runs it with the parsed arguments; returns the exit code.
    """

    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# --------------------------------------------------------------------------------------------------
# options shared by several commands


def _language(value: str) -> str:
    """``--language``: the languages :func:`perfmethods.validation.check_language` accepts (imported here, not at
    start-up: the validation module brings numpy and pandas, which ``perfmethods --version`` does not need)."""
    from perfmethods.validation import check_language

    try:
        return check_language(value, func=None)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# --------------------------------------------------------------------------------------------------
# render


def _configure_render(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="report notebook (.ipynb, or a jupytext percent .py file)")
    parser.add_argument("-p", "--params", metavar="PARAMS.yaml", help="YAML file of parameter values")
    parser.add_argument(
        "-o", "--output", metavar="DIR", help="output directory (default: reports/<notebook name>)"
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="set one parameter, over the YAML file (repeatable); the value is read by the declared type",
    )
    parser.add_argument("--show-code", action="store_true", help="show code cells in the report")
    parser.add_argument(
        "--format",
        dest="formats",
        default="html",
        metavar="html,docx,pdf",
        help="formats to write, comma-separated (default html; docx and pdf are made from the same HTML)",
    )
    parser.add_argument("--name", help="report name (default: the notebook's file name)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=600,
        metavar="SECONDS",
        help="time limit per cell (default 600; 0: none)",
    )


def _run_render(args: argparse.Namespace) -> int:
    from perfmethods.reporting.params import parse_assignment
    from perfmethods.reporting.rendering import render
    from perfmethods.validation import check_number

    overrides = dict(parse_assignment(text) for text in args.overrides)
    timeout = check_number(args.timeout, name="--timeout", low=0, closed="left")
    result = render(
        args.notebook,
        args.params,
        args.output,
        name=args.name,
        execution_timeout=timeout or None,
        show_code=args.show_code,
        overrides=overrides,
        formats=args.formats,
    )
    print(result)
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# render-batch


def _configure_render_batch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="report notebook (.ipynb, or a jupytext percent .py file)")
    parser.add_argument("projects_dir", metavar="PROJECTS_DIR",
                        help="portfolio folder: every subfolder with a project.yaml is rendered")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output folder: OUT/<project folder>/report.html ..., OUT/index.html, OUT/index.xlsx")
    parser.add_argument("-p", "--params", metavar="PARAMS.yaml", help="YAML file of parameter values (all projects)")
    parser.add_argument("--set", dest="overrides", metavar="KEY=VALUE", action="append", default=[],
                        help="set one parameter for all projects, over the YAML file (repeatable)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="local worker processes (default: the number of CPUs; 1: one after the other)")
    parser.add_argument("--scheduler", default="local", metavar="local|dask",
                        help="where the renders run: worker processes here (local, default) or a Dask cluster")
    parser.add_argument("--address", metavar="HOST:PORT", help="the Dask scheduler's address (with --scheduler dask)")
    parser.add_argument("--format", dest="formats", default="html", metavar="html,docx,pdf",
                        help="formats to write, comma-separated (default html)")
    parser.add_argument("--show-code", action="store_true", help="show code cells in the reports")
    parser.add_argument("--timeout", type=float, default=600, metavar="SECONDS",
                        help="time limit per cell (default 600; 0: none)")
    parser.add_argument("--force", action="store_true",
                        help="render every project, also those whose report is current (default: skip them)")
    parser.add_argument("--language", default="zh", type=_language, metavar="zh|en",
                        help="language of the index (default zh)")
    parser.add_argument("--no-progress", dest="progress", action="store_false", default=None,
                        help="no progress bar (it is shown only on a terminal anyway)")


def _run_render_batch(args: argparse.Namespace) -> int:
    from perfmethods.engines import ENGINES
    from perfmethods.reporting.batch import render_batch
    from perfmethods.reporting.params import parse_assignment
    from perfmethods.validation import check_number, check_option

    overrides = dict(parse_assignment(text) for text in args.overrides)
    timeout = check_number(args.timeout, name="--timeout", low=0, closed="left")
    check_option(args.scheduler, ENGINES, name="--scheduler")
    if args.scheduler == "dask" and not (args.address or "").strip():
        raise InputError("--scheduler dask needs --address HOST:PORT, the address of a running Dask scheduler "
                         "(e.g. 10.0.0.5:8786).")
    if args.scheduler == "local" and args.address is not None:
        raise InputError("--address is for --scheduler dask; with --scheduler local the renders run here.")
    if args.workers is not None:
        check_number(args.workers, name="--workers", low=1, integer=True)
    result = render_batch(
        args.notebook,
        args.projects_dir,
        args.output,
        parameters=args.params,
        overrides=overrides,
        workers=args.workers,
        engine=args.scheduler,
        address=args.address,
        formats=args.formats,
        show_code=args.show_code,
        execution_timeout=timeout or None,
        resume=not args.force,
        progress=args.progress,
        language=args.language,
    )
    print(result)
    return EXIT_FAILURE if result.n_failed else EXIT_OK


# --------------------------------------------------------------------------------------------------
# params


def _configure_params(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="report notebook (.ipynb, or a jupytext percent .py file)")


def _run_params(args: argparse.Namespace) -> int:
    from perfmethods.reporting.params import read_parameters

    declared = read_parameters(args.notebook)
    if not declared:
        print(f"{args.notebook}: the parameters cell declares no parameters")
        return EXIT_OK
    rows = [
        (spec.name, str(spec.type), spec.default_source, spec.help + (" [path]" if spec.is_path else ""))
        for spec in declared.values()
    ]
    headers = ("name", "type", "default", "help")
    widths = [max(len(headers[i]), *(_width(row[i]) for row in rows)) for i in range(3)]
    print(_pad(headers[0], widths[0]), _pad(headers[1], widths[1]), _pad(headers[2], widths[2]), headers[3])
    for row in rows:
        print(_pad(row[0], widths[0]), _pad(row[1], widths[1]), _pad(row[2], widths[2]), row[3])
    return EXIT_OK


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


# --------------------------------------------------------------------------------------------------
# evaluate


def _mode(value: str) -> str:
    """``--mode``: every spelling :func:`perfmethods.model.modes.normalise_mode` accepts."""
    from perfmethods.model.modes import normalise_mode

    try:
        return normalise_mode(value, name="--mode")
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _configure_evaluate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project_dir", help="project folder (project.yaml + tables; see docs/formats.md)")
    parser.add_argument("--profile", default=None,
                        help="locality profile (default: as in project.yaml, else 'central'); "
                             "see 'perfmethods profiles'")
    parser.add_argument("--mode", default=None, type=_mode,
                        help="evaluation mode: self / department / finance or 单位自评 / 部门评价 / 财政评价 … "
                             "(default: as in project.yaml, else 'finance')")
    parser.add_argument("--language", default="zh", type=_language, metavar="zh|en", help="language of the findings")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON (result.to_dict())")
    parser.add_argument("--allow-outside", action="store_true",
                        help="accept data files that project.yaml names outside the project folder (by an absolute "
                             "path or ../); refused by default")


def _run_evaluate(args: argparse.Namespace) -> int:
    import json

    import pandas as pd

    from perfmethods.evaluation import evaluate
    from perfmethods.io import read_project

    project = read_project(args.project_dir, allow_outside=args.allow_outside)
    result = evaluate(
        project.framework, project.actuals, budget=project.budget, panel=project.panel, survey=project.survey,
        profile=args.profile or project.profile,
        mode=args.mode or project.evaluation_mode,
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
        return EXIT_OK
    columns = ["id", "name", "target_text", "actual_text", "points_available", "points"]
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.unicode.east_asian_width", True):
        print(project.meta["name"], f"({project.meta['year']})")
        print(result.indicators[columns].to_string(index=False))
        print()
        print(result.summary(args.language).to_string(index=False))
    grade = result.grade if args.language == "zh" else result.grade_en
    print(f"\ntotal {result.total:g}  grade {grade}")
    print(result.recommendation.text(args.language))
    for finding in result.findings:
        print(f"[{finding.severity.value}] {finding.message(args.language)}")
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# lint


def _configure_lint(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("framework", help="framework table (CSV/XLSX, incl. a 附件2 table), framework YAML, "
                                          "project.yaml or a project folder")
    parser.add_argument("--mode", default=None, type=_mode,
                        help="evaluation mode for the weight rules: self / department / finance or 单位自评 / "
                             "部门评价 / 财政评价 … (default: from the project, else inferred)")
    parser.add_argument("--language", default="zh", type=_language, metavar="zh|en", help="language of the findings")


def _run_lint(args: argparse.Namespace) -> int:
    from perfmethods.indicators.linting import run_lint_cli

    return run_lint_cli(args.framework, mode=args.mode, language=args.language)


# --------------------------------------------------------------------------------------------------
# profiles


def _configure_profiles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="show one profile's settings with their sources")


def _run_profiles(args: argparse.Namespace) -> int:
    from perfmethods.indicators.profiles import get_profile, list_profiles

    if args.name:
        profile = get_profile(args.name)
        print(f"{profile.name}: {profile.description}")
        for row in profile.to_frame().itertuples():
            print(f"  {row.setting:<28} {row.value_text:<40} [{row.provenance}] {row.source}")
        return EXIT_OK
    for name in list_profiles():
        print(f"{name:<18} {get_profile(name).description}")
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# review


def _configure_review(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tables_dir", help="folder of self-evaluation tables (附件2 layout, XLSX/CSV)")
    parser.add_argument("-o", "--output", required=True,
                        help="the review workbook to write (.xlsx); an HTML summary is written beside it")
    parser.add_argument("--profile", default="central",
                        help="locality profile to re-score under (default 'central'; 'as_printed' keeps "
                             "points that do not add up to 100); see 'perfmethods profiles'")
    parser.add_argument("--mode", default="self", type=_mode,
                        help="evaluation mode (default: self / 单位自评)")
    parser.add_argument("--language", default="zh", type=_language, metavar="zh|en", help="language of the issues")


def _run_review(args: argparse.Namespace) -> int:
    from perfmethods.evaluation import review_folder
    from perfmethods.reporting.review_report import write_review

    review = review_folder(args.tables_dir, profile=args.profile, mode=args.mode, language=args.language)
    workbook, page = write_review(review, args.output)
    reviewed = review.n_tables - review.n_unreadable
    n_issues = int(review.tables["n_issues"].sum())
    if args.language == "zh":
        print(f"复核 {review.n_tables} 张表：{reviewed} 张已重算，{review.n_unreadable} 张无法读取；"
              f"共 {n_issues} 个问题。")
    else:
        print(f"Reviewed {review.n_tables} tables: {reviewed} re-scored, {review.n_unreadable} unreadable; "
              f"{n_issues} issues.")
    print(workbook)
    print(page)
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# course


def _configure_course(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("build", "list"),
                        help="build: write the trainee and trainer editions; list: the lessons and their exercises")
    parser.add_argument("-o", "--output", help="folder to write the editions into (build)")
    parser.add_argument("--lesson", dest="lessons", action="append", metavar="NN",
                        help="build only this lesson (repeatable; default every lesson)")
    parser.add_argument("--edition", dest="editions", action="append", choices=("trainee", "trainer"),
                        help="build only this edition (repeatable; default both)")
    parser.add_argument(
        "--format", dest="formats", default="html", metavar="html,docx,pdf",
        help="formats to write, comma-separated (default html; docx and pdf are made from the same HTML)",
    )
    parser.add_argument("--language", default="zh", type=_language, metavar="zh|en",
                        help="language of the index pages and of the exercises' feedback")


def _run_course(args: argparse.Namespace) -> int:
    from perfmethods import course

    if args.action == "list":
        table = course.list_exercises()
        for lesson, rows in table.groupby("lesson", sort=True):
            titles = rows["title_zh" if args.language == "zh" else "title_en"]
            print(f"{lesson}: " + "；".join(f"{i} {t}" for i, t in zip(rows["id"], titles, strict=True)))
        return EXIT_OK
    if not args.output:
        raise InputError("perfmethods course build needs an output folder: -o DIR")
    formats = tuple(f.strip() for f in str(args.formats).split(",") if f.strip())
    built = course.build_course(args.output, lessons=args.lessons, editions=tuple(args.editions or ("trainee",
                                "trainer")), language=args.language, formats=formats)
    for index in built.indexes:
        print(index)
    return EXIT_OK


# --------------------------------------------------------------------------------------------------

#: Subcommand name → :class:`Command`. Add new subcommands here.
COMMANDS: dict[str, Command] = {
    "render": Command(
        "render a report notebook to HTML (+ executed notebook, manifest)", _configure_render, _run_render
    ),
    "render-batch": Command(
        "render a report notebook for every project folder of a portfolio, with an index (index.html, index.xlsx)",
        _configure_render_batch, _run_render_batch,
    ),
    "params": Command("list the parameters a report notebook declares", _configure_params, _run_params),
    "evaluate": Command("score a project folder and print the indicator table, total, grade and findings",
                        _configure_evaluate, _run_evaluate),
    "lint": Command("check an indicator framework's targets and weights; exit 1 when there are errors",
                    _configure_lint, _run_lint),
    "profiles": Command("list the locality profiles (scoring and rounding conventions), or show one",
                        _configure_profiles, _run_profiles),
    "review": Command("batch review (复核) of a folder of self-evaluation tables: one workbook + HTML summary",
                      _configure_review, _run_review),
    "course": Command("the trainer's course: build the trainee and trainer editions (HTML, Word, PDF), or list "
                      "the lessons and exercises", _configure_course, _run_course),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="perfmethods",
        description="perfmethods: reproducible budget-performance evaluation reports (预算绩效评价报告)",
    )
    parser.add_argument("--version", action="version", version=f"perfmethods {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        sub = subparsers.add_parser(name, help=command.help, description=command.help)
        command.configure(sub)
    return parser


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (``sys.exit(main())`` is done by the console script).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors: argparse already printed
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE
    command = COMMANDS[args.command]
    try:
        return command.run(args)
    except InputError as error:  # includes ParameterError, SchemaError
        print(f"perfmethods {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    except (RenderError, PerfMethodsError) as error:
        print(f"perfmethods {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"perfmethods {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit as exit_:
        if exit_.code != EXIT_TERMINATED:
            raise
        print(f"perfmethods {args.command}: terminated; nothing was published", file=sys.stderr)
        return EXIT_TERMINATED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
