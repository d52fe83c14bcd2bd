"""The official A4 PDF of a bulletin issue; see render.py."""
