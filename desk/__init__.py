"""The editorial desk: the staff's workplace in the admin, on top of the apps.

The ModelAdmins of issues (admin.py), their forms (forms.py) and one module
per action on an issue (views/). The rules stay in the services of the apps
below (issues.services, portal.services…); nothing imports desk.
"""
