"""A bulk pass raises the collector's thresholds and puts them back as they were."""

import gc

from mteja.core.collection import BULK_THRESHOLDS, fewer_collections


def test_thresholds_are_raised_within_and_restored_after_the_last_pass():
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 100, 10)
        with fewer_collections():
            assert gc.get_threshold() == (BULK_THRESHOLDS[0], 100, BULK_THRESHOLDS[2])
            with fewer_collections():  # another pass (a thread) meanwhile
                pass
            assert gc.get_threshold()[0] == BULK_THRESHOLDS[0]
        assert gc.get_threshold() == (700, 100, 10)
    finally:
        gc.set_threshold(*before)


def test_a_disabled_collector_stays_disabled():
    before = gc.get_threshold()
    try:
        gc.set_threshold(0)
        with fewer_collections():
            assert gc.get_threshold()[0] == 0
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
