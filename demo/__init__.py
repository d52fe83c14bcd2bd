"""The demo installation: `load_demo_data` (the seed bulletins, organisations and accounts)
and `load_demo_reports` (contributors and their reports). Never needed on a real server.

At the top of the layers: it builds on every app it fills (archive_import's
parser and import service read the seed bulletins).
"""
