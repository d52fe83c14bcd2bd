from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from archive_import.parsing import parse_bulletin
from archive_import.services import build_distribution_list, import_issue
from issues import roles
from issues.models import Issue, Series
from organisations.models import Membership, Organisation
from organisations.resolution import OrganisationResolver

DEMO_DATA = Path(__file__).resolve().parents[2] / "demo_data"
SEED_2020 = DEMO_DATA / "bulletin-2020-26.txt"
SEED_2019 = DEMO_DATA / "bulletin-2019-late.txt"

SERIES_SLUG = "shanghai-express-civility"
DISTRIBUTION_LIST_NAME = "精神文明创建工作简报 报送名单"

# username, password, group (None: superuser), description
DEMO_ACCOUNTS = [
    ("editor", "demo-editor-2020", roles.EDITORS, "编辑"),
    ("approver", "demo-approver-2020", roles.APPROVERS, "签发人"),
    ("admin", "demo-admin-2020", None, "管理员"),
]
# A recipient account of an organisation on the seeds' 报 list, for the portal.
DEMO_RECIPIENT = ("reader", "demo-reader-2020", "上海市精神文明建设委员会", "收文单位")


class Command(BaseCommand):
    help = _("Loads the demo bulletins (the two seed issues) and one demo account per role.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo accounts even when DEBUG is off (they have well-known passwords).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "演示数据带有公开的密码，只能在开发环境（DEBUG=1）中加载。"
                " Demo data has well-known passwords; load it only with DEBUG=1."
            )
        with transaction.atomic():
            users = self._accounts()
            self._organisations()
            self._recipient_account()
            series = self._series()
            self._issue_2020(series, users["approver"])
            self._draft_2019(series, users["editor"])
        self._print_accounts()

    def _accounts(self):
        User = get_user_model()
        users = {}
        for username, password, group_name, _description in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "email": f"{username}@example.org"},
            )
            if created:
                user.set_password(password)
                user.is_superuser = group_name is None
                user.save()
                if group_name:
                    user.groups.add(Group.objects.get(name=group_name))
            users[username] = user
        return users

    def _recipient_account(self):
        username, password, organisation_name, _description = DEMO_RECIPIENT
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if created:
            user.set_password(password)
            user.save()
            Membership.objects.create(
                user=user, organisation=Organisation.objects.get(name=organisation_name)
            )

    def _organisations(self):
        for sort_order, line in enumerate(
            (DEMO_DATA / "organisations.tsv").read_text().splitlines()
        ):
            if not line.strip() or line.startswith("#"):
                continue
            name, short_name, kind = line.split("\t")
            Organisation.objects.get_or_create(
                name=name,
                defaults={"short_name": short_name, "kind": kind, "sort_order": sort_order},
            )

    def _series(self) -> Series:
        parsed = parse_bulletin(SEED_2020.read_text(), source_name=SEED_2020.name)
        series, _created = Series.objects.get_or_create(
            slug=SERIES_SLUG,
            defaults={
                "title": parsed.series_title,
                "compiling_office": parsed.compiler,
                "cumulative_number_start": parsed.cumulative_number - 1,
            },
        )
        if series.default_distribution_list is None:
            series.default_distribution_list = build_distribution_list(
                DISTRIBUTION_LIST_NAME, parsed, OrganisationResolver()
            )
            series.save(update_fields=["default_distribution_list"])
        return series

    def _issue_2020(self, series, approver):
        parsed = parse_bulletin(SEED_2020.read_text(), source_name=SEED_2020.name)
        if series.issues.filter(year=parsed.year, number=parsed.number).exists():
            return
        issue = import_issue(parsed, series=series, user=approver).issue
        self.stdout.write(f"已导入 {issue}")

    def _draft_2019(self, series, editor):
        parsed = parse_bulletin(SEED_2019.read_text(), source_name=SEED_2019.name)
        first_headline = parsed.articles[0].headline
        already_loaded = series.issues.filter(
            status=Issue.Status.DRAFT, articles__headline=first_headline
        ).exists()
        if already_loaded:
            return
        issue = import_issue(parsed, series=series, user=editor, as_draft=True).issue
        self.stdout.write(f"已导入草稿 {issue}")

    def _print_accounts(self):
        self.stdout.write("")
        self.stdout.write(
            "演示账号 Demo accounts — 简报库 archive http://127.0.0.1:8000/ ,"
            " 编辑部后台 admin http://127.0.0.1:8000/admin/"
        )
        for username, password, _group, description in [*DEMO_ACCOUNTS, DEMO_RECIPIENT]:
            self.stdout.write(f"  {description:<6} 用户名 {username:<10} 密码 {password}")
        self.stdout.write(
            self.style.WARNING(
                "  以上账号和密码仅供演示，切勿用于正式环境。"
                " These accounts are for demonstration only."
            )
        )
