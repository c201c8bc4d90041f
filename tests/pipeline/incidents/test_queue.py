"""The reaction queue: order, transitions with audit events, answers, reactions, claims."""

import multiprocessing
from datetime import timedelta

import pytest
from incident_seed import MONDAY
from sqlalchemy import select, update

from pipeline.incidents import queue, repo
from pipeline.incidents.levels import Rules
from pipeline.incidents.queue import QueueError
from pipeline.incidents.views import queue_list
from pipeline.store import Store
from pipeline.store.schema import incident_events, incidents

NOW = MONDAY


def make_incident(conn, level="medium", deadline=None, status="new", sector="housing"):
    incident_id = repo.create_incident(conn, NOW - timedelta(hours=1))
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(
        risk_level=level, deadline=deadline, status=status, sector=sector))
    return incident_id


def events(conn, incident_id):
    return conn.execute(select(incident_events).where(
        incident_events.c.incident_id == incident_id).order_by(incident_events.c.id)
    ).mappings().all()


def test_queue_order_overdue_then_level_then_deadline(store):
    with store.transaction() as conn:
        late_low = make_incident(conn, "low", NOW - timedelta(minutes=5))
        critical = make_incident(conn, "critical", NOW + timedelta(hours=1))
        high_far = make_incident(conn, "high", NOW + timedelta(hours=8))
        high_near = make_incident(conn, "high", NOW + timedelta(hours=2))
        no_deadline = make_incident(conn, "high", None)
        done_late = make_incident(conn, "critical", NOW - timedelta(hours=3), status="resolved")
        ids = [r.id for r in conn.execute(queue.queue_query(NOW))]
    # overdue first whatever the level; a resolved incident is never overdue and comes last
    assert ids == [late_low, critical, high_near, high_far, no_deadline, done_late]


def test_transitions_are_audited(store):
    with store.transaction() as conn:
        iid = make_incident(conn)
        assert queue.claim(conn, iid, "ivanova", NOW)
        queue.transition(conn, iid, "in_progress", "ivanova", NOW, comment="звоню в УК")
        queue.comment(conn, iid, "ivanova", "УК обещает к вечеру", NOW)
        queue.record_answer(conn, iid, "ivanova", "Воду дадут к 18:00",
                            "https://vk.com/wall-1_10?reply=5", NOW)
        queue.transition(conn, iid, "resolved", "petrov", NOW)
        row = conn.execute(select(incidents).where(incidents.c.id == iid)).mappings().one()
        trail = [(e["kind"], e["actor"], e["from_status"], e["to_status"], e["comment"])
                 for e in events(conn, iid)][1:]
    assert row["status"] == "resolved" and row["assignee"] == "ivanova"
    assert row["answer_url"] == "https://vk.com/wall-1_10?reply=5"
    assert trail == [
        ("status", "ivanova", "new", "assigned", "взято в работу"),
        ("status", "ivanova", "assigned", "in_progress", "звоню в УК"),
        ("comment", "ivanova", None, None, "УК обещает к вечеру"),
        ("answer", "ivanova", None, None, "Воду дадут к 18:00"),
        ("status", "ivanova", "in_progress", "answered", "ответ опубликован"),
        ("status", "petrov", "answered", "resolved", None),
    ]


@pytest.mark.parametrize(("start", "to"), [
    ("new", "resolved"), ("resolved", "in_progress"), ("rejected", "answered"),
    ("answered", "new"),
])
def test_forbidden_transitions(store, start, to):
    with store.transaction() as conn:
        iid = make_incident(conn, status=start)
        with pytest.raises(QueueError, match=f"{start} -> {to}"):
            queue.transition(conn, iid, to, "ivanova", NOW)


def test_unhappy_citizen_reopens_and_it_can_be_claimed_again(store):
    with store.transaction() as conn:
        iid = make_incident(conn, status="answered")
        conn.execute(update(incidents).values(assignee="ivanova"))
        queue.record_reaction(conn, iid, "ivanova", False, NOW, "воды так и нет")
        row = conn.execute(select(incidents).where(incidents.c.id == iid)).mappings().one()
        assert (row["status"], row["citizen_reaction"], row["assignee"]) == \
            ("reopened", "unsatisfied", None)
        assert queue.claim_next(conn, "petrov", NOW) == iid


def test_a_claimed_incident_is_not_claimed_twice(store):
    with store.transaction() as conn:
        iid = make_incident(conn)
        assert queue.claim(conn, iid, "ivanova", NOW)
        assert not queue.claim(conn, iid, "petrov", NOW)
        assert queue.claim_next(conn, "petrov", NOW) is None


def _claimer(url, name, barrier, results):
    store = Store.open(url, migrate=False)
    barrier.wait()
    got = []
    while True:
        with store.transaction() as conn:
            incident_id = queue.claim_next(conn, name, NOW)
        if incident_id is None:
            break
        got.append(incident_id)
    store.close()
    results.put((name, got))


def test_concurrent_claims_from_processes_never_share(store, db_url):
    with store.transaction() as conn:
        wanted = {make_incident(conn, level) for level in ["high", "medium", "low"] * 10}
    store.engine.dispose()
    ctx = multiprocessing.get_context("fork")
    workers, results = 4, ctx.Queue()
    barrier = ctx.Barrier(workers)
    procs = [ctx.Process(target=_claimer, args=(db_url, f"op{i}", barrier, results))
             for i in range(workers)]
    for proc in procs:
        proc.start()
    claimed = dict(results.get(timeout=60) for _ in procs)
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    everything = [iid for ids in claimed.values() for iid in ids]
    assert len(everything) == len(set(everything)) == len(wanted)
    assert set(everything) == wanted
    with store.transaction() as conn:
        owners = dict(conn.execute(select(incidents.c.id, incidents.c.assignee)).all())
    for name, ids in claimed.items():
        assert all(owners[i] == name for i in ids)


def test_near_deadline_and_overdue_flags(store, shipped_config):
    rules = Rules.from_config(shipped_config)
    with store.transaction() as conn:
        near = make_incident(conn, "high", NOW + timedelta(minutes=50))  # < 25 % of 4 h left
        calm = make_incident(conn, "high", NOW + timedelta(hours=3))
        late = make_incident(conn, "medium", NOW - timedelta(minutes=1))
        done = make_incident(conn, "high", NOW - timedelta(hours=1), status="answered")
        flags = {i["id"]: (i["overdue"], i["near_deadline"])
                 for i in queue_list(conn, rules, NOW)}
    assert flags == {near: (False, True), calm: (False, False), late: (True, False),
                     done: (False, False)}
