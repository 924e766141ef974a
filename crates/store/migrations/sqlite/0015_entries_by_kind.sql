-- Service-wide lists of one kind of entry (signposting follow-ups due)
-- start from the kind, not from every entry.
CREATE INDEX clinical_entries_kind ON clinical_entries(kind, episode_id);
