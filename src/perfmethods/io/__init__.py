"""Reading users' files (YAML, CSV, XLSX; Chinese or English headers) with errors that say where.

Every error raised here is an :class:`~perfmethods.errors.InputError` (a ``ValueError``) or its subclass
:class:`~perfmethods.errors.SchemaError`, whose message and ``location`` name the file, sheet,
spreadsheet row, column (as written) and indicator id when known. Input files are never modified.

Functions
---------
read_table                  any CSV/XLSX table: encoding, title rows, two-row and merged headers
read_framework_table        an indicator framework from CSV/XLSX (incl. the official 附件2 自评表)
read_framework_yaml         an indicator framework from YAML
framework_from_records      an indicator framework from dicts
write_framework_table       a framework to CSV/XLSX (reads back identically)
read_self_evaluation_table  a published 项目支出绩效自评表, to re-score it
read_project                a project directory (project.yaml + tables)
read_yaml                   a user's YAML document (UTF-8, safe, strict: repeated keys, depth, aliases, size)
check_keys, scalar, key_line  checks of a YAML mapping that name the file, line and key
contained_file              a file named by a project/case file, kept inside its folder

The file formats are documented in ``docs/formats.md``.
"""

from perfmethods.io.documents import (
    MAX_YAML_ALIASES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    check_keys,
    key_line,
    read_yaml,
    scalar,
)
from perfmethods.io.framework import (
    FRAMEWORK_COLUMNS,
    SELF_EVALUATION_COLUMNS,
    SelfEvaluationTable,
    framework_from_records,
    read_framework_table,
    read_framework_yaml,
    read_self_evaluation_table,
    write_framework_table,
)
from perfmethods.io.paths import contained_file
from perfmethods.io.project import Project, read_project
from perfmethods.io.tables import Table, read_sheet_cells, read_table, relocated

__all__ = [
    "Table",
    "read_table",
    "read_sheet_cells",
    "FRAMEWORK_COLUMNS",
    "SELF_EVALUATION_COLUMNS",
    "read_framework_table",
    "read_framework_yaml",
    "framework_from_records",
    "write_framework_table",
    "SelfEvaluationTable",
    "read_self_evaluation_table",
    "Project",
    "read_project",
    "read_yaml",
    "check_keys",
    "scalar",
    "key_line",
    "contained_file",
    "relocated",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_ALIASES",
    "MAX_YAML_NODES",
]
