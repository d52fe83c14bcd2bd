"""Nonsense posted to the admin gets the form's own error in Chinese, never a 500."""

from django.utils import translation


def test_a_distribution_list_that_is_no_key_is_a_form_error(client, editor, series):
    client.force_login(editor)
    with translation.override("zh-hans"):
        response = client.post(
            "/admin/issues/issue/add/",
            {
                "series": series.pk,
                "distribution_list": "abc",
                "articles-TOTAL_FORMS": "0",
                "articles-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert response.context["adminform"].form.errors["distribution_list"]


def test_a_series_with_a_default_list_that_is_no_key_is_a_form_error(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/issues/series/add/",
        {"title": "简报", "slug": "s", "compiling_office": "办", "default_distribution_list": "x'"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["default_distribution_list"]


def test_a_nul_character_is_named_as_such(client, editor, series):
    client.force_login(editor)
    with translation.override("zh-hans"):
        response = client.post(
            "/admin/issues/issue/add/",
            {
                "series": series.pk,
                "articles-TOTAL_FORMS": "1",
                "articles-INITIAL_FORMS": "0",
                "articles-0-position": "1",
                "articles-0-headline": "标题\x00",
            },
        )
    page = response.content.decode()
    assert "空字符（NUL" in page
    assert "空字符串" not in page
