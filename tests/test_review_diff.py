"""The marked differences the approver reads: character by character for Chinese."""

from issues.versions import ArticleState, IssueState
from reviews.diff import compare, marked_text, text_of_body


def test_an_inserted_and_a_deleted_sentence_are_marked_exactly():
    old = "区协会走访了十家网点。发放了防暑用品。现场反响热烈。"
    new = "区协会走访了十家网点。现场反响热烈。涉及浦东、闵行两区。"
    assert marked_text(old, new) == (
        "<p>区协会走访了十家网点。<del>发放了防暑用品。</del>现场反响热烈。"
        "<ins>涉及浦东、闵行两区。</ins></p>"
    )


def test_a_changed_word_in_chinese_is_marked_character_by_character():
    assert marked_text("共印120份", "共印150份") == "<p>共印<del>120</del><ins>150</ins>份</p>"
    assert marked_text("浦东新区", "闵行新区") == "<p><del>浦东</del><ins>闵行</ins>新区</p>"


def test_a_character_or_two_in_common_does_not_split_a_rewritten_passage():
    marked = marked_text("今天天气很好的。", "明天的会议取消。")
    assert marked.count("<del>") == 1 and marked.count("<ins>") == 1


def test_html_is_escaped_and_paragraphs_stay_paragraphs():
    body = "<h2>一、总体情况</h2><p>a &lt;b&gt;</p><p>第二段<img src='x.png'></p>"
    assert text_of_body(body) == "一、总体情况\na <b>\n第二段［图片］"
    marked = marked_text("甲\n乙", "甲\n<script>")
    assert marked == "<p>甲</p><p><del>乙</del><ins>&lt;script&gt;</ins></p>"


def article(key, headline, body="<p>正文。</p>", **fields):
    return ArticleState(
        key=key,
        headline=headline,
        subheadline=fields.get("subheadline", ""),
        source=fields.get("source", ""),
        body=body,
        organisations=fields.get("organisations", ()),
    )


def test_added_removed_moved_and_changed_articles_with_field_names():
    old = IssueState(
        fields={"print_count": "100"},
        articles=(article(1, "甲"), article(2, "乙"), article(3, "丙")),
    )
    new = IssueState(
        fields={"print_count": "120"},
        articles=(
            article(3, "丙"),
            article(1, "甲", subheadline="副题", organisations=("顺丰",)),
            article(4, "丁"),
        ),
    )
    changes = compare(old, new)
    assert [(c.label, c.old, c.new) for c in changes.field_changes] == [("印数", "100", "120")]
    summary = [(a.headline, a.status, a.number, a.old_number) for a in changes.articles]
    assert summary == [
        ("丙", "unchanged", 1, 3),
        ("甲", "changed", 2, 1),
        ("乙", "removed", None, 2),
        ("丁", "added", 3, None),
    ]
    assert changes.articles[0].moved
    # Under their Chinese names, as the approver reads them.
    assert [c.label for c in changes.articles[1].field_changes] == ["副标题", "供稿单位"]
    assert changes.has_changes


def test_the_same_content_has_no_changes():
    state = IssueState(fields={"print_count": ""}, articles=(article(1, "甲"),))
    assert not compare(state, state).has_changes


def test_a_whole_sentence_is_marked_with_its_own_full_stop():
    old = "收到一封感谢信。信中高度肯定了分公司。作为服务商，全力保障。"
    new = "收到一封感谢信。作为服务商，全力保障。全年走访网点一百二十个。"
    assert marked_text(old, new) == (
        "<p>收到一封感谢信。<del>信中高度肯定了分公司。</del>作为服务商，全力保障。"
        "<ins>全年走访网点一百二十个。</ins></p>"
    )
    inserted_mid_paragraph = marked_text("第一句。第二句。", "第一句。新的一句。第二句。")
    assert inserted_mid_paragraph == "<p>第一句。<ins>新的一句。</ins>第二句。</p>"


def test_joined_paragraphs_are_marked_where_the_breaks_were():
    marked = marked_text("第一段。\n第二段。\n第三段。", "第一段。第二段。\n第三段。")
    assert marked == ('<p>第一段。<del class="review-break">¶</del>第二段。</p><p>第三段。</p>')
    split = marked_text("第一句。第二句。", "第一句。\n第二句。")
    assert split == '<p>第一句。<ins class="review-break">¶</ins></p><p>第二句。</p>'
    # A whole paragraph removed or added keeps its line, without a mark.
    removed = marked_text("甲。\n乙。\n丙。", "甲。\n丙。")
    assert removed == "<p>甲。</p><p><del>乙。</del></p><p>丙。</p>"


def test_thirty_three_paragraphs_becoming_four_show_as_joined_not_unchanged():
    sentences = [f"第{n}条消息，全市网点运行平稳。" for n in range(1, 34)]
    old_body = "".join(f"<p>{s}</p>" for s in sentences)
    groups = [sentences[0:8], sentences[8:16], sentences[16:24], sentences[24:]]
    new_body = "".join(f"<p>{''.join(group)}</p>" for group in groups)
    old = IssueState(fields={}, articles=(article(1, "甲", old_body),))
    new = IssueState(fields={}, articles=(article(1, "甲", new_body),))
    change = compare(old, new).articles[0]
    assert change.status == "changed" and not change.formatting_only
    assert str(change.body).count("<p>") == 4
    assert str(change.body).count('<del class="review-break">¶</del>') == 29
    assert "<ins" not in str(change.body)
    assert change.paragraphs == (33, 4) and change.paragraphs_only
    assert change.paragraph_note == "原33段合并为4段（合并了29段）；文字未变，只是分段变了。"
