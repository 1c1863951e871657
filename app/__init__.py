"""Application core of Anxin: services, domain rules, configuration and the CLI. No Qt widgets."""

__version__ = "0.1.0"
