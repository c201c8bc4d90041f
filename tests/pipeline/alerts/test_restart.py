"""A delivery process killed mid-delivery, then restarted: nothing lost, nothing sent twice.

The webhook receiver answers two requests and holds the third without answering; the
delivering process is killed (SIGKILL) while it waits. Rows it marked sent are never sent
again; the interrupted row is still pending (its transaction never committed) and goes
out on restart with the same X-Radar-Delivery id, which the receiver uses to drop the
repeat of a request it saw but never answered.
"""

import multiprocessing
import os
import signal
from collections import Counter

from incident_seed import MONDAY, add_post
from sqlalchemy import select

from pipeline.alerts.stage import run as alerts_stage
from pipeline.config.model import AlertChannel
from pipeline.incidents.stage import run as incidents_stage
from pipeline.store import Store
from pipeline.store.schema import alert_deliveries

PROBLEMS = [
    ("housing", "Прорвало трубу отопления в подъезде, кипяток заливает лестницу"),
    ("transport", "Мост через Биру просел, машины едут по встречной полосе"),
    ("health", "В поликлинике третий день нет терапевта, очередь на улице"),
    ("education", "В школе номер 3 нет отопления, дети сидят на уроках в куртках"),
    ("social", "Пенсионерам второй месяц не приносят выплаты, почта молчит"),
]


def _deliver(url, config):
    store = Store.open(url, migrate=False)
    alerts_stage(store, config, now=MONDAY)


def statuses(store):
    with store.transaction() as conn:
        rows = conn.execute(select(alert_deliveries.c.id, alert_deliveries.c.status).where(
            alert_deliveries.c.channel != "atom").order_by(alert_deliveries.c.id)).all()
    return [(r.id, r.status) for r in rows]


def test_kill_in_the_middle_of_delivery_then_restart(store, db_url, configure, receiver):
    config = configure(AlertChannel(type="webhook", url=receiver.url,
                                    secret_env="RADAR_WEBHOOK_SECRET"))
    with store.transaction() as conn:
        for sector, text in PROBLEMS:
            add_post(conn, text, sector=sector, risk=70)
    incidents_stage(store, config, now=MONDAY)
    ids = [i for i, _ in statuses(store)]
    assert len(ids) == 5
    receiver.hold_after(2)
    store.engine.dispose()  # the child must not share pooled connections

    worker = multiprocessing.get_context("fork").Process(target=_deliver, args=(db_url, config))
    worker.start()
    assert receiver.holding.wait(30), "the third request never arrived"
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(10)
    assert worker.exitcode == -signal.SIGKILL

    assert statuses(store) == [(ids[0], "sent"), (ids[1], "sent")] + \
        [(i, "pending") for i in ids[2:]]
    receiver.release()
    result = alerts_stage(store, config, now=MONDAY)
    assert result.detail == "(3 sent, 0 failed, 0 dead)"
    assert statuses(store) == [(i, "sent") for i in ids]
    assert alerts_stage(store, config, now=MONDAY).processed == 0

    seen = Counter(int(r["headers"]["x-radar-delivery"]) for r in receiver.received)
    # sent and confirmed before the kill: exactly once; the unanswered one: sent again
    assert seen == {ids[0]: 1, ids[1]: 1, ids[2]: 2, ids[3]: 1, ids[4]: 1}
    assert sorted(int(k) for k in receiver.accepted) == ids  # each alert processed once
