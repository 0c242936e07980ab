"""The periodic jobs, for RQ's cron scheduler: ``manage.py rqcron rongmei.cron`` (``make scheduler``).

The scheduler only enqueues; RQ workers run the jobs (``rongmei.background``), each under its own lock.
Times are UTC (RQ's cron), so 22:00 UTC is 06:00 in Beijing. Run one scheduler; a second one would
enqueue every job twice, which the locks and the jobs' own checks make harmless, not useful.
"""

from rq import cron

from rongmei import background

# every minute: closes, reminders, escalation to supervision, old submission tokens
cron.register(background.petitions_tick, "default", cron="* * * * *", job_timeout=300, name="petitions_tick")
# every minute: webhook deliveries whose retry (1, 2, 4 ... minutes after a failure) is due
cron.register(
    background.webhook_retries, "default", cron="* * * * *", job_timeout=1200, name="webhook_retries"
)
# every five minutes: view counts from the cache into the database
cron.register(
    background.flush_view_counts, "default", cron="*/5 * * * *", job_timeout=240, name="flush_view_counts"
)
# every day at 06:00 Beijing time: last week's report, made once (on Monday) and kept afterwards
cron.register(
    background.weekly_petition_report,
    "default",
    cron="0 22 * * *",
    job_timeout=1800,
    name="weekly_petition_report",
)
