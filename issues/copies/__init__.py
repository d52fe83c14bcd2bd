"""The formats an issue's official copies are made in, and how each is made and checked.

formats.py is the registry; each other module registers one format when this
package is imported. A format is a renderer, a signer, a verifier and one
line here.
"""

from issues.copies import pdf  # noqa: F401 (registers PDF/A-2b)
