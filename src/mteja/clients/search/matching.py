"""The one client search: what a text finds and in which order, on either database.

Every search path asks `matches` (ClientFilterSet's `search` and `displayName`, GET /search,
POST /v2/clients/search, the header's box), within the caller's queryset (its scope).

A text finds a client when
- every word of it is in the client's name, whatever the order, case or accents
  (clients/search/text.py folds both sides): a word of three letters or more anywhere in the
  name, a shorter one at the start of a word of the name; a word that is no word of any
  client's name also finds the names holding a known word one typing error from it
  (clients/search/vocabulary.py: "Aajyi" finds "Ajayi");
- or the client's account number or external id begins with it (as typed, or in upper or
  lower case), its mobile number begins with it read as a phone number (local or
  international form), or one of its identity documents' numbers begins with it, normalised
  as the identifier rules do. These are looked up first, by their own indexes.
With `exact`, the name must be the text (folded) and a number equal to it.

A search that finds more than MTEJA_SEARCH_MATCH_LIMIT clients keeps the newest of them (in
each part of the user's scope, core.paging `Listing(newest=…)`): ranking, counting and paging
then cost the same for the commonest name as for a rare one, and the lists say "more than".

Each client found carries its `search_score`, best highest: a number equal to the text (6),
the whole name (5), every word a whole word of the name (4), the name beginning with the text
(3), every word starting a word (2), a word inside a word (1), a close spelling (0). Lists
order by it, then newest first, when the user searches and asks for no other order.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from mteja.clients import phones
from mteja.clients.models import ClientIdentifier, ClientPolicy
from mteja.clients.search import engines, vocabulary
from mteja.clients.search.text import TRIGRAM, name_key, tokens
from mteja.core.paging import Listing

SCORE = "search_score"
MAX_CORRECTIONS = 8  # known words tried per misspelt word
MAX_HOLDERS = 1000  # clients found by a document number's start
SHORTEST_NUMBER = 3  # characters of a number's start worth an index lookup
_PHONE_CHARACTERS = set("0123456789+-. ()/")


def _name_match(words: list[str], fixes: dict[str, list[str]], ids: range | None) -> Q | None:
    """Every word in the name (a short one at a word's start), or None: nothing to look up."""
    groups = []
    for word in words:
        if len(word) >= TRIGRAM:
            fixed = [f" {term} " for term in fixes.get(word, [])[:MAX_CORRECTIONS]]
            groups.append([word, *fixed])
        elif len(word) == TRIGRAM - 1:
            groups.append([f" {word}"])  # with its space: a trigram too
    if not groups:
        return None
    found = engines.pieces_match(groups, ids)
    for word in words:
        if len(word) < TRIGRAM - 1:
            found &= Q(search_name__contains=f" {word}")
    return found


def _phone_starts(text: str) -> set[str]:
    """The starts of mobile keys (E.164) that `text`, read as the start of a phone number,
    may be: "0712 34" → "+25471234" for a Kenyan institution; "+25471…" as written."""
    if not set(text) <= _PHONE_CHARACTERS:
        return set()
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < SHORTEST_NUMBER + 1:
        return set()
    if text.lstrip().startswith("+"):
        return {f"+{digits}"}
    if digits.startswith("00"):
        return {f"+{digits[2:]}"}
    region = ClientPolicy.current().phone_region
    code = phones.country_code(region)
    if digits.startswith("0"):
        return {f"+{code}{digits[1:]}"} if code else {digits}
    starts = {f"+{digits}", digits}
    return starts | ({f"+{code}{digits}"} if code else set())


def _numbered(model, text: str, *, exact: bool, documents: bool) -> tuple[list, list]:
    """(ids of the clients whose account number, external id or mobile number begins with
    `text` (equals it, when `exact` or short), or one of whose identity documents does,
    ids of those where one equals it). Looked up on their own, by index, a few hundred at
    most: the search's main query then holds them as a list of ids, which any scope or
    filter narrows without reading other rows."""
    typed = {text, text.upper(), text.lower()}  # "ext-1" finds "EXT-1"
    region = ClientPolicy.current().phone_region
    key = phones.mobile_key(text, region) if set(text) <= _PHONE_CHARACTERS else ""
    whole = exact or len(text) < SHORTEST_NUMBER
    mobiles = {key} - {""} if whole else _phone_starts(text)
    wanted = {"account_no": typed, "external_id": typed, "mobile_key": mobiles}
    lookups = [engines.Numbers(model, ("pk", *wanted), wanted, whole)]
    document = ""
    if documents and any(ch.isdigit() for ch in text):  # document numbers hold digits
        # Imported here: the identifiers package's services read clients through this package.
        from mteja.clients.kyc.identifiers.rules import normalise_key

        document = normalise_key(text)
        column = "document_key_normalized"
        lookups.append(
            engines.Numbers(
                ClientIdentifier, ("client_id", column), {column: {document}},
                whole=exact or len(document) < SHORTEST_NUMBER,
            )
        )  # fmt: skip
    hits, *holders = engines.numbered_rows(lookups, limit=MAX_HOLDERS)
    ids = [pk for pk, *_numbers in hits]
    same = [pk for pk, *numbers in hits if (typed | {key}) & set(numbers)]
    for client_id, number in holders[0] if holders else ():
        ids.append(client_id)
        if number == document:
            same.append(client_id)
    return ids, same


def documents_numbered(key: str) -> list[int]:
    """Ids of the identity documents whose normalised number is `key` (at most MAX_HOLDERS),
    whoever holds them: looked up by their index, in plain SQL, so that a text that is no
    document's number (an account number, a phone number) costs GET /search no query of
    the documents with their holders and scope."""
    column = "document_key_normalized"
    lookup = engines.Numbers(ClientIdentifier, ("pk",), {column: {key}}, whole=True)
    (rows,) = engines.numbered_rows([lookup], limit=MAX_HOLDERS)
    return [pk for (pk,) in rows]


def _score(text: str, words: list[str], equal: Q) -> Case:
    whens = [When(equal, then=Value(6))] if equal else []
    if words:
        key = name_key(text)
        whole, starts, inside = Q(), Q(), Q()
        for word in words:
            whole &= Q(search_name__contains=f" {word} ")
            starts &= Q(search_name__contains=f" {word}")
            inside &= Q(search_name__contains=word)
        whens += [
            When(search_name=key, then=Value(5)),
            When(whole, then=Value(4)),
            When(search_name__startswith=key.rstrip(), then=Value(3)),
            When(starts, then=Value(2)),
            When(inside, then=Value(1)),
        ]
    if not whens:
        return Value(0, output_field=IntegerField())
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _names(words: list[str], text: str, *, exact: bool, ids: range | None) -> Q | None:
    if not exact:
        return _name_match(words, vocabulary.corrections(words), ids)
    long = [[word] for word in words if len(word) >= TRIGRAM]
    if not long:
        return None  # a name of short words only: no index can find it exactly
    return Q(search_name=name_key(text)) & engines.pieces_match(long, ids)


def is_search(rows: QuerySet) -> bool:
    """Whether `rows` are a search's matches (rather than every client, ranked alike)."""
    score = rows.query.annotations.get(SCORE)
    return score is not None and not isinstance(score, Value)


def kept_matches() -> int:
    """How many of its newest matches a search keeps per part of the scope, one more than it
    lists: the one that says there are more."""
    return settings.MTEJA_SEARCH_MATCH_LIMIT + 1


def search_listing(rows: QuerySet, user) -> Listing:
    """A search's matches as core.paging lists them: the newest of each part of the user's
    scope, counted and ranked from one read of their ids and scores."""
    return Listing(rows, rows.scope_parts(user), newest=kept_matches(), ranked_by=SCORE)


def matches(
    queryset: QuerySet, text: str, *, exact: bool = False, documents: bool = True,
    numbers: bool = True, ids: range | None = None,
) -> QuerySet:  # fmt: skip
    """The clients of `queryset` that `text` finds, with their `search_score`; all of them
    for blank text. `documents=False` leaves identity documents out (GET /search lists them as
    hits of their own); `numbers=False` searches names only (Fineract's `displayName`).
    `ids`: the window of client ids `queryset` keeps to, which the name's index lookup keeps
    to as well (an export's, read window by window: engines.holds_matches)."""
    text = text.replace("\x00", " ").strip()  # no database stores a NUL
    if not text:
        return queryset.annotate(**{SCORE: Value(0, output_field=IntegerField())})
    words = tokens(text)
    found = _names(words, text, exact=exact, ids=ids)
    equal = Q()
    if numbers:
        # Numbers first, on their own: a name search stays one index condition.
        ids, same = _numbered(queryset.model, text, exact=exact, documents=documents)
        if ids:
            equal = Q(pk__in=same) if same else Q()
            found = (
                Q(pk__in=ids) if found is None else engines.found_or_ids(queryset.model, found, ids)
            )
    rows = queryset.none() if found is None else queryset.filter(found)
    return rows.annotate(**{SCORE: _score(text, words, equal)})
