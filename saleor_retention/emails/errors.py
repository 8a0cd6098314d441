"""The one error of email templates: which stage failed, where, and why."""

from __future__ import annotations

# The stages of building an email, in order; each has its own failure.
STAGES = {
    "subject": "subject failed",
    "variables": "template variables failed",
    "mjml": "MJML failed",
    "render": "rendering failed",
    "text": "plain text failed",
}


class TemplateProblem(Exception):
    """A template cannot make an email. Nothing is sent with it, and a store cannot save it.

    ``stage`` is a key of STAGES; ``template`` names the template or partial at fault and
    ``line`` its line (0 when unknown)."""

    def __init__(self, stage: str, template: str, line: int, message: str):
        super().__init__(message)
        self.stage = stage
        self.template = template
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.template}, line {self.line}" if self.line else self.template
        return f"{STAGES[self.stage]} ({where}): {self.message}"
