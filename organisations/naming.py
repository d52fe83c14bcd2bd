"""How the names of organisations end, for telling one organisation from a group or a text.

Plain Python, no models: the bulletin parser uses it without Django set up.
"""

ORGANISATION_ENDINGS = (
    "公司",
    "集团",
    "局",
    "委员会",
    "办公室",
    "文明办",
    "协会",
    "联合会",
    "学会",
    "中心",
    "工会",
    "党委",
    "支部",
    "小组",
    "事业部",
    "营业部",
    "支队",
    "大队",
    "人民政府",
    "办事处",
)


def names_one_organisation(name: str) -> bool:
    """Whether a recipient name is one organisation, not a group (各…, A、B、C)."""
    return name.endswith(ORGANISATION_ENDINGS) and not name.startswith("各") and "、" not in name
