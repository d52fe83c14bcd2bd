"""One module per action on an issue, as Wagtail's admin has (wagtail/admin/views/pages/).

Each view parses the request and calls one service of the apps below; the
rules stay in those services. IssueAdmin.get_urls (desk/admin.py) wires them
and passes itself as model_admin, for the object lookup, the permissions and
the admin's page context.
"""
