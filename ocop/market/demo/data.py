import tomllib
from pathlib import Path
from typing import Any

DATA: dict[str, Any] = tomllib.loads(
    (Path(__file__).parent.parent / "data" / "demo_market.toml").read_text("utf-8")
)
