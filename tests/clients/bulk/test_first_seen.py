"""clients/bulk/first_seen.py: the first line of each value, through the table's growth."""

from mteja.clients.bulk.first_seen import FirstSeen


def test_each_value_answers_the_line_that_had_it_first():
    seen = FirstSeen(capacity=4)  # grows several times below
    for line in range(2, 3002):
        assert seen.line_of(("externalId", f"LEG-{line}"), line) == line
    assert len(seen) == 3000
    assert seen.line_of(("externalId", "LEG-17"), 5000) == 17
    assert seen.line_of(("externalId", "LEG-3001"), 5001) == 3001
    assert seen.line_of(("mobileNo", "LEG-17"), 5002) == 5002  # another column's value
    assert len(seen) == 3001


def test_a_value_hashing_to_zero_is_kept_too():
    seen = FirstSeen()
    assert seen.line_of(0, 2) == 2  # hash(0) == 0, the empty slot's mark
    assert seen.line_of(0, 3) == 2


def test_a_value_whose_line_was_given_up_takes_the_next_line():
    seen = FirstSeen()
    seen.put(("externalId", "LEG-9"), -4)  # a noted line's (file_key_claims.py)
    assert seen.line_of(("externalId", "LEG-9"), 7) == -4
    seen.put(("externalId", "LEG-9"), 0)  # none now
    assert seen.line_of(("externalId", "LEG-9"), 7) == 7
    assert seen.get(("externalId", "LEG-9")) == 7
    assert len(seen) == 1
