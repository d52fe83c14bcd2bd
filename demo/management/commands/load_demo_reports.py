"""Demo contributor accounts and reports in every state, on top of `load_demo_data`."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from contributions import services
from contributions.models import DeclineReason, Report
from contributions.roles import CONTRIBUTORS
from issues.models import Issue, Series
from organisations.models import Membership, Organisation

# username, password, organisation (short name as in the seeds), full name
DEMO_CONTRIBUTORS = [
    ("contributor", "demo-contributor-2020", "申通", "申通快递有限公司"),
    ("contributor2", "demo-contributor-2020", "中通", "中通快递股份有限公司"),
]
# Marks the draft this command makes, so that running it again finds it.
DEMO_PRINT_COUNT = 118
REPORTS = [
    # contributor index, headline, body, what the office does
    (
        0,
        "申通开展夏季高温安全生产检查",
        "7月15日，申通快递组织各网点开展夏季高温安全生产检查，共检查网点25个。",
        "adopt",
    ),
    (
        0,
        "申通举办快递员职业技能竞赛",
        "8月3日，申通快递举办第三届快递员职业技能竞赛，120名快递员参赛。",
        "return",
    ),
    (0, "申通组织员工参观红色教育基地", "申通快递党支部组织员工参观中共一大会址。", "decline"),
    (0, "申通推进绿色包装应用", "申通快递在全市网点推广可循环中转袋。", "submit"),
    (0, "申通志愿服务队走进社区", "申通快递志愿服务队走进闵行区古美社区。", "draft"),
    (1, "中通开展消防应急演练", "9月10日，中通快递在青浦转运中心开展消防应急演练。", "adopt"),
    (1, "中通关爱快递小哥健康体检", "中通快递为一线快递员安排免费健康体检。", "submit"),
]


class Command(BaseCommand):
    help = _(
        "Loads demo contributor accounts (供稿人) and their reports; run after load_demo_data."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("演示数据带有公开的密码，只能在开发环境（DEBUG=1）中加载。")
        series = Series.objects.order_by("pk").first()
        editor = get_user_model().objects.filter(username="editor").first()
        if series is None or editor is None:
            raise CommandError("请先运行 load_demo_data。Run load_demo_data first.")
        with transaction.atomic():
            contributors = [self._contributor(*account) for account in DEMO_CONTRIBUTORS]
            DeclineReason.objects.get_or_create(text="内容与本期主题不符")
            DeclineReason.objects.get_or_create(text="时效性不强", defaults={"position": 1})
            draft = self._next_issue(series, editor)
            for index, headline, text, step in REPORTS:
                self._report(series, contributors[index], headline, text, step, editor, draft)
        for username, password, short_name, _organisation in DEMO_CONTRIBUTORS:
            self.stdout.write(f"供稿人 {username} / {password}（{short_name}）")

    @staticmethod
    def _next_issue(series, editor):
        """The draft the demo's reports are adopted into, beside the demo's own draft."""
        issue, _ = Issue.objects.get_or_create(
            series=series,
            status=Issue.Status.DRAFT,
            print_count=DEMO_PRINT_COUNT,
            defaults={
                "created_by": editor,
                "distribution_list": series.default_distribution_list,
            },
        )
        return issue

    def _contributor(self, username, password, short_name, full_name):
        organisation = Organisation.objects.matching_name(short_name).first()
        if organisation is None:
            organisation = Organisation.objects.filter(name__contains=short_name).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=full_name, short_name=short_name, kind=Organisation.Kind.EXPRESS_COMPANY
            )
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": f"{short_name}信息员"}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=CONTRIBUTORS))
        Membership.objects.get_or_create(user=user, defaults={"organisation": organisation})
        return user

    def _report(self, series, author, headline, text, step, editor, draft):
        if Report.objects.filter(headline=headline).exists():
            return
        report = Report(
            series=series,
            organisation=author.membership.organisation,
            headline=headline,
            body=f"<p>{text}</p>",
            contact_name=author.first_name,
            contact_phone="021-66668888",
        )
        services.save_report(report, author, submit=step != "draft")
        if step == "adopt":
            services.adopt_report(report, editor, draft, comment="放入本期")
        elif step == "return":
            services.return_report(report, editor, "请补充参赛人数和获奖情况。")
        elif step == "decline":
            services.decline_report(report, editor, "内容与本期主题不符")
