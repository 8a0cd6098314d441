from django.db import models


class RateLimitWindow(models.Model):
    """Calls counted for one key (an operation and a caller) in one window."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"],
                                               name="rate_limit_window_unique")]
