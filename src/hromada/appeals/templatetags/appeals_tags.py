"""Template tags of appeals: one input for a category's extra question (an Open311 attribute)."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def attribute_input(category, question, data, errors):
    """A labelled input named attribute[<category>:<code>], kept filled after a failed submit."""
    code = question.get("code", "")
    name = f"attribute[{category.code}:{code}]"
    field_id = f"q-{category.code}-{code}"
    value = data.get(name, "") if hasattr(data, "get") else ""
    required = " *" if question.get("required") else ""
    datatype = question.get("datatype", "string")
    label = format_html('<label for="{}">{}{}</label>', field_id, question.get("description") or code, required)
    if datatype in ("singlevaluelist", "multivaluelist"):
        multiple = datatype == "multivaluelist"
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (v.get("key"), " selected" if str(v.get("key")) == value else "", v.get("name"))
            for v in question.get("values") or []))
        control = format_html('<select id="{}" name="{}"{}><option value="">—</option>{}</select>', field_id,
                              name + ("[]" if multiple else ""), " multiple" if multiple else "", options)
    elif datatype == "text":
        control = format_html('<textarea id="{}" name="{}" rows="3" maxlength="1000">{}</textarea>', field_id, name, value)
    else:
        kind = {"number": "number", "datetime": "datetime-local"}.get(datatype, "text")
        control = format_html('<input id="{}" name="{}" type="{}" value="{}" maxlength="1000">', field_id, name, kind,
                              value)
    messages = (errors or {}).get(f"attribute[{code}]") or []
    error = format_html_join("", '<li>{}</li>', ((m,) for m in messages))
    return format_html('<p>{} {}{}</p>', label, control,
                       format_html('<ul class="errorlist">{}</ul>', error) if messages else "")


@register.simple_tag(takes_context=True)
def due_state(context, appeal) -> str:
    """"overdue", "soon" (within the community's due_soon_days) or "" for an appeal's term; closed ones: ""."""
    from datetime import timedelta

    from django.utils import timezone

    if not appeal.is_open:
        return ""
    now = timezone.now()
    if appeal.due_at < now:
        return "overdue"
    community = context.get("community")
    days = community.setting("appeals", "due_soon_days") if community is not None else 3
    return "soon" if appeal.due_at < now + timedelta(days=days) else ""
