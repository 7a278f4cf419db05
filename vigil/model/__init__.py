"""The records as the engine keeps them (records.py) and the domain's rules on them: the
vocabularies, days in custody, terms, timelines, the statistics' figures, other spellings,
typography. Pure."""
