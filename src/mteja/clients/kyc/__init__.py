"""Know-your-customer parts of a client: identity documents, family members, addresses."""
