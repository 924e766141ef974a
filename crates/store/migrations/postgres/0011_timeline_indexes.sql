-- Indexes for a person's timeline at scale (found by `roots-bench views`:
-- with 10,000 people the episode page scanned whole tables).
-- Earlier referrals of the person, by NHS number or by the person record.
CREATE INDEX referrals_nhs ON referrals(service_id, nhs_number);
CREATE INDEX referrals_person ON referrals(person_id);
-- Records merged into a person.
CREATE INDEX persons_merged ON persons(merged_into);
-- Possible duplicates compare names without regard to case.
DROP INDEX persons_name;
CREATE INDEX persons_name ON persons(service_id, LOWER(family_name), date_of_birth, LOWER(given_name));
