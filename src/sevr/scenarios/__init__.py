"""Scenario schema, built-in scenarios and the loader."""
from sevr.scenarios.loader import builtin_names, get_path, load, to_toml, validate, with_overrides
from sevr.scenarios.schema import EvasionScenario, Scenario

__all__ = ["EvasionScenario", "Scenario", "builtin_names", "get_path", "load", "to_toml", "validate", "with_overrides"]
