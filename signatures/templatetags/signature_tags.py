from django import template

register = template.Library()


@register.filter
def fingerprint(hex_digest: str) -> str:
    """86:8C:48:…, as PDF readers and `make_office_certificate` show a certificate's hash."""
    digits = hex_digest.upper()
    return ":".join(digits[index : index + 2] for index in range(0, len(digits), 2))
