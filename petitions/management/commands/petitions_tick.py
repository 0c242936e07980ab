"""Close, remind and escalate petitions and retry webhook deliveries (see ``petitions.workflow.tick``); run it every
minute or few from cron."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from petitions.workflow.tick import tick


class Command(BaseCommand):
    help = "办结逾期未评价的诉求，发送到期与评价提醒，超期诉求转为督办，重发到期的数据对接推送。可重复运行。"

    def handle(self, *args, **options):
        result = tick()
        self.stdout.write(
            _("办结 %(closed)s 条，提醒 %(reminded)s 条，督办 %(escalated)s 条，重发送达 %(delivered)s 条。")
            % {
                "closed": result.closed,
                "reminded": result.reminded,
                "escalated": result.escalated,
                "delivered": result.delivered,
            }
        )
