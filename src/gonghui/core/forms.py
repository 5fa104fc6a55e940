from django import forms


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap classes and Chinese required-field messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
            field.error_messages.setdefault("required", "此项不能为空")
            field.error_messages["required"] = "此项不能为空"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def attach_errors(form, exc) -> None:
    """Put a service's ValidationError on the form field it names, or on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, [str(m) for e in errors for m in e.messages])
    else:
        form.add_error(None, exc.messages)
