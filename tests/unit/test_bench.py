"""kokka bench: its arithmetic, its bounds and its report (the load itself runs against `make run`)."""

import os

import pytest

from bot.bench import SCENARIOS, Phase, check_loopback, report, rss_mb, user_turns, workload


def test_percentiles_and_throughput():
    phase = Phase(latencies_ms=[float(v) for v in range(1, 101)], errors=2, elapsed_s=10)
    assert phase.pct(50) == 51.0 and phase.pct(95) == 95.0 and phase.pct(99) == 99.0
    assert phase.throughput == 10.0 and phase.requests == 102
    assert Phase().pct(50) is None and Phase().throughput == 0.0


@pytest.mark.parametrize("url", ["http://example.com:8000", "http://10.0.0.5:8000", "https://kokka.fi"])
def test_only_this_machine_is_benchmarked(url):
    with pytest.raises(ValueError, match="this machine only"):
        check_loopback(url)


def test_loopback_urls_are_fine():
    for url in ("http://localhost:8000", "http://127.0.0.1:18000"):
        check_loopback(url)


def test_users_get_bounded_multi_turn_conversations_in_every_language():
    turns = user_turns(0, 25)
    assert len(turns) == 25
    sessions = [s for s, _ in turns]
    assert len(set(sessions)) >= 3  # several conversations, each with several turns
    all_texts = {t for scenario in SCENARIOS for t in scenario}
    assert "/find_permit" in all_texts and "hej" in all_texts and "hei" in all_texts
    assert user_turns(1, 3)[0][1] == SCENARIOS[1][0]  # users start at different scenarios


def test_resident_memory_is_read_per_role():
    pid = os.getpid()
    memory = rss_mb({"rasa-0": pid, "rasa-1": pid, "web": pid, "gone": 2**22})
    assert memory["rasa_workers"] == 2 and memory["rasa_total"] == pytest.approx(2 * memory["rasa"], rel=0.05)
    assert memory["web"] > 10 and "gone" not in memory


def test_report_prints_every_figure():
    one = Phase([80.0, 90.0], 0, 1.0).summary()
    result = {"url": "http://localhost:8000", "users": 20, "turns_per_user": 10, "duration_limit_s": 60,
              "one_user": one, "all_users": one, "nlu": None, "ratio_e2e_to_nlu": None, "scaling": 1.0,
              "rss_mb": {"rasa": 900.0, "web": 80.0}, "rss_mb_before": {"rasa": 890.0}, "training_seconds": 120}
    text = report(result)
    assert "one user (chat API)" in text and "bare NLU" in text and "900 MB after" in text and "120 s" in text


def test_one_user_and_many_users_play_the_same_turns():
    conversations = workload(20, 10)
    assert len(conversations) == 20 and all(len(c) == 10 for c in conversations)
    sessions = [{s for s, _ in c} for c in conversations]
    assert all(a.isdisjoint(b) for i, a in enumerate(sessions) for b in sessions[i + 1:])  # users never share one
    texts = sorted(t for c in conversations for _, t in c)
    assert texts == sorted(t for c in workload(20, 10) for _, t in c)  # the same mix every time


def test_memory_with_the_actions_inside_rasa_reports_no_separate_action_server():
    import os

    memory = rss_mb({"rasa-0": os.getpid(), "web": os.getpid()})
    assert memory["actions"] == 0.0 and memory["rasa_workers"] == 1
    one = Phase([80.0, 90.0], 0, 1.0).summary()
    text = report({"url": "http://localhost:8000", "users": 1, "turns_per_user": 10, "duration_limit_s": 60,
                   "one_user": one, "all_users": one, "nlu": None, "ratio_e2e_to_nlu": None, "scaling": 1.0,
                   "rss_mb": memory, "rss_mb_before": memory, "training_seconds": 120})
    assert "actions    (inside the Rasa processes)" in text
