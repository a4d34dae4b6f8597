"""The model layer: the objects every other layer passes around, with no file reading and no methods.

Modules
-------
values     :class:`ParsedValue`: targets and actuals as written ("≥266米", "735 人次"), units and conversion
framework  :class:`Indicator`, :class:`IndicatorFramework`, :class:`Direction`, :class:`Computed`,
           :class:`EvaluationStandard`: an indicator system (指标体系) and its points (分值);
           :func:`direction_sign`, :func:`check_directions`: benefit (正向) / cost (反向) as +1 / −1 for every method
inputs     :class:`Actuals`, :class:`Budget`, :class:`PanelScores`, :class:`SurveyResponses`: what a project
           evaluation consumes
modes      :func:`normalise_mode`: the evaluation modes (单位自评 / 部门评价 / 财政评价) and their spellings

Readers in :mod:`perfmethods.io` build these objects; methods consume them; nothing here imports upward
(see ``docs/architecture.md``).
"""
