"""Alert analyzer: Alertmanager webhook -> Loki logs -> LLM analysis -> AWS SNS."""

__version__ = "1.0.0"
