from django.db import models


class BeatTick(models.Model):
    """When a worker last ran the beat's heartbeat task; proves beat, broker and worker."""

    name = models.CharField(max_length=64, unique=True)
    ticked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.ticked_at:%Y-%m-%d %H:%M:%S}"
