-- Documents issued from an episode (the AHP Health and Work Report, the
-- fit note's statement, a letter to the employer, the discharge summary):
-- the PDF exactly as issued and its content for the HTML version. A
-- reissue is a new version; nothing issued is changed or removed. A
-- document of no entry has an empty entry_id, so versions stay unique.
CREATE TABLE issued_documents (
    id          TEXT PRIMARY KEY,
    episode_id  TEXT NOT NULL REFERENCES episodes(id),
    kind        TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    content     TEXT NOT NULL,
    pdf         BLOB NOT NULL,
    issued_by   TEXT NOT NULL REFERENCES users(id),
    issued_at   TEXT NOT NULL,
    UNIQUE (episode_id, kind, entry_id, lang, version)
);
CREATE INDEX issued_documents_episode ON issued_documents(episode_id, issued_at);

CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'an issued document is reissued as a new version, never changed');
END;

CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'an issued document is reissued as a new version, never changed');
END;
