"""The centre's scheduler: one process runs the periodic jobs, elected (``election``)."""

from app.scheduler.jobs import centre_jobs
from app.scheduler.runner import Job, Scheduler

__all__ = ["Job", "Scheduler", "centre_jobs"]
