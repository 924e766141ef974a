-- Safety alerts raised by outcome measures (PHQ-9 item 9 above 0), and the
-- acknowledgements that say a clinician has acted on them. The alert and
-- the acknowledgement are clinical entries (kinds 'measure' and
-- 'alert_ack'); these rows let the service list every alert not yet acted
-- on without reading entry bodies. Both are written in the same
-- transaction as their entry, and never changed.
CREATE TABLE safety_alerts (
    entry_id    TEXT PRIMARY KEY,   -- the measure entry that raised it
    episode_id  TEXT NOT NULL REFERENCES episodes(id),
    service_id  TEXT NOT NULL REFERENCES services(id),
    rule        TEXT NOT NULL,
    raised_by   TEXT,
    raised_at   TEXT NOT NULL
);
CREATE INDEX safety_alerts_service ON safety_alerts(service_id);

CREATE TABLE safety_alert_acks (
    entry_id        TEXT PRIMARY KEY,   -- the alert_ack entry
    alert_entry_id  TEXT NOT NULL REFERENCES safety_alerts(entry_id),
    acknowledged_by TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL
);
CREATE INDEX safety_alert_acks_alert ON safety_alert_acks(alert_entry_id);

CREATE FUNCTION roots_safety_alerts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'safety alerts and their acknowledgements are append-only';
END
$$;

CREATE TRIGGER safety_alerts_no_update_delete BEFORE UPDATE OR DELETE ON safety_alerts
    FOR EACH ROW EXECUTE FUNCTION roots_safety_alerts_append_only();
CREATE TRIGGER safety_alerts_no_truncate BEFORE TRUNCATE ON safety_alerts
    FOR EACH STATEMENT EXECUTE FUNCTION roots_safety_alerts_append_only();
CREATE TRIGGER safety_alert_acks_no_update_delete BEFORE UPDATE OR DELETE ON safety_alert_acks
    FOR EACH ROW EXECUTE FUNCTION roots_safety_alerts_append_only();
CREATE TRIGGER safety_alert_acks_no_truncate BEFORE TRUNCATE ON safety_alert_acks
    FOR EACH STATEMENT EXECUTE FUNCTION roots_safety_alerts_append_only();
