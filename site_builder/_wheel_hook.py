"""Wheel build hook: fetch the pinned search library so the wheel carries it.

Runs in the build's own environment, where the package is not importable, so
it loads `vendor.py` (standard library only) by path. Editable installs skip
it: a build from a checkout fetches the library on first use.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class VendorHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        source = Path(self.root) / "site_builder" / "vendor.py"
        spec = importlib.util.spec_from_file_location("_site_builder_vendor", source)
        if spec is None or spec.loader is None:
            raise RuntimeError("site_builder/vendor.py not found")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        if not module.is_complete():
            module.fetch()
