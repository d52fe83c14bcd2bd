"""The admin's calendar (DateTimeShortcuts) names its weekdays and months in Chinese."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# calendar.js reads its day initials with pgettext("one letter Sunday", "S") …;
# Django's own zh_Hans catalog leaves them as S M T W T F S.
WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def catalog(client, url):
    body = client.get(url).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.DOTALL).group(1))


@pytest.mark.parametrize("url_name", ["admin:jsi18n", "javascript-catalog"])
def test_the_calendar_reads_chinese_weekday_initials_and_months(client, editor, url_name):
    client.force_login(editor)
    strings = catalog(client, reverse(url_name))
    initials = [strings.get(f"one letter {day}\x04{day[0]}") for day in WEEKDAYS]
    assert initials == ["日", "一", "二", "三", "四", "五", "六"]
    if url_name == "admin:jsi18n":  # the months come from Django's admin catalog
        assert strings["January"] == "一月" and strings["December"] == "十二月"
