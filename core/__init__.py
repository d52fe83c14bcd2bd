"""Helpers below every app: no models, no imports of the project's apps.

The apps and bulletin_office's settings build on these; nothing here builds on
them (import-linter's contracts in .importlinter keep it so).
"""
