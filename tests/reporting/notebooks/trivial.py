# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
greeting: str = "你好"  # 问候语
count: int = 2  # 重复次数
notes_file: str = "tests/reporting/data/culture/sub/readme.txt"  # 说明文件

# %%
import os
from pathlib import Path

from perfmethods.reporting import paragraph, record

record("cwd", Path(os.getcwd()).parent.name.startswith("perfmethods-render-") and not os.listdir("."))
record("greeting", greeting * count)
record("notes", Path(notes_file).read_text(encoding="utf-8").strip())
paragraph("{text}", text=greeting * count)
