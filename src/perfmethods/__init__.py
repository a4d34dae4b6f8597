"""perfmethods: methods and reproducible reports for public-budget performance management (预算绩效管理).

Subpackages
-----------
indicators   indicator specifications, frameworks, target/actual parsing, scoring rules, locality profiles
evaluation   project evaluation: scores, grades, results application, evaluator panels, surveys
io           reading user files (YAML, CSV, XLSX; Chinese headers) with clear errors
reporting    parameterised notebook reports: render, manifest, fonts, zh/en labels
"""

from perfmethods._version import __version__
from perfmethods.errors import (
    ConsistencyWarning,
    DataQualityWarning,
    InputError,
    ParameterError,
    PerfMethodsError,
    PerfMethodsWarning,
    RenderError,
    SchemaError,
)

__all__ = [
    "__version__",
    "PerfMethodsError",
    "InputError",
    "SchemaError",
    "ParameterError",
    "RenderError",
    "PerfMethodsWarning",
    "ConsistencyWarning",
    "DataQualityWarning",
]
