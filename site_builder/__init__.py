"""site_builder: turn saved news pages into a searchable static briefing site."""

__version__ = "0.1.0"
