"""The service's own name, as pages, emails and reports say it."""

SERVICE_NAME = "Healthy Relationships Self-Assessment"
