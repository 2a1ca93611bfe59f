import os
import time

import pytest

from bot.knowledge import KnowledgeStore, KnowledgeValidationError, TopicNotFoundError
from tests.helpers import copy_kb, edit

SPECIALIST = "permits/specialist_permit.yml"


def bump(path):
    # Make sure the modification time changes even on coarse file systems.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def test_get_and_unknown_topic(tmp_path):
    store = KnowledgeStore(copy_kb(tmp_path))
    assert store.get("fast_track", "sv").title == "fast_track sv title"
    with pytest.raises(TopicNotFoundError):
        store.get("no_such_topic", "fi")


def test_reload_after_edit_and_keep_old_on_invalid_edit(tmp_path):
    root = copy_kb(tmp_path)
    store = KnowledgeStore(root, check_interval=0)
    first_hash = store.kb.content_hash
    edit(root / SPECIALIST, "The salary must be", "Pay must be")
    bump(root / SPECIALIST)
    assert store.get("specialist_permit", "en").text.startswith("Pay must be")
    assert store.kb.content_hash != first_hash

    edit(root / SPECIALIST, "- fast_track", "- fast_trak")
    bump(root / SPECIALIST)
    assert store.get("specialist_permit", "en").text.startswith("Pay must be")  # old version serves
    assert store.last_error is not None
    assert "fast_trak" in str(store.last_error)


def test_store_on_invalid_start_raises(tmp_path):
    root = copy_kb(tmp_path)
    edit(root / SPECIALIST, "- fast_track", "- fast_trak")
    with pytest.raises(KnowledgeValidationError):
        _ = KnowledgeStore(root).kb


def test_check_interval_throttles_file_checks(tmp_path):
    root = copy_kb(tmp_path)
    store = KnowledgeStore(root, check_interval=60)
    _ = store.kb
    edit(root / SPECIALIST, "The salary must be", "Pay must be")
    bump(root / SPECIALIST)
    assert store.get("specialist_permit", "en").text.startswith("The salary")
    store._checked_at = time.monotonic() - 61
    assert store.get("specialist_permit", "en").text.startswith("Pay must be")
