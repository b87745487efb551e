"""Regular expressions that administrators write (identifier formats, address fields, custom
fields, mobile formats) are matched with Python's `re`, which has no timeout: refuse the
shapes that can backtrack for minutes before they are saved."""


def repeats_a_repetition(pattern: str) -> bool:
    """Does the pattern nest a variable repetition in another, one of them unbounded — (A+)+,
    (\\w+\\s?)*? Such patterns can backtrack for minutes on a number that almost matches,
    and no document format needs them. (A check, not a proof: Python's `re` has no timeout.)
    """
    try:
        from re import _constants as sre
        from re import _parser
    except ImportError:  # the parser is internal; without it the check is skipped
        return False
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT}

    def children(op, av) -> list:
        if op is sre.SUBPATTERN:
            return [av[3]]
        if op is sre.BRANCH:
            return list(av[1])
        if op is sre.ATOMIC_GROUP:
            return [av]
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return [av[1]]
        if op is sre.GROUPREF_EXISTS:
            return [part for part in av[1:] if part is not None]
        return []

    def walk(items, outer_many: bool, outer_unbounded: bool) -> bool:
        for op, av in items:
            if op in repeats:
                low, high = av[0], av[1]
                many, unbounded = high > 1, high == sre.MAXREPEAT
                # A fixed count such as {3} cannot split the text in several ways.
                if low != high and outer_many and (unbounded or outer_unbounded):
                    return True
                if walk(av[2], outer_many or many, outer_unbounded or unbounded):
                    return True
            elif any(walk(child, outer_many, outer_unbounded) for child in children(op, av)):
                return True
        return False

    try:
        return walk(_parser.parse(pattern), False, False)
    except Exception:  # noqa: BLE001 (an internal API; a surprise must not refuse the rule)
        return False
