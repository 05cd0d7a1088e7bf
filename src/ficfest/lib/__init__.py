"""Helpers with no models: environment, text, dates."""
