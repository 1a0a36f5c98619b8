-- Data for measuring the reports (docs/reports.md, docs/benchmarks.md): on a migrated, otherwise
-- empty database,
--   psql -v ON_ERROR_STOP=1 "$DATABASE_URL" -f scripts/report-bench-data.sql
--   psql -v ON_ERROR_STOP=1 -v appeals=10000000 "$DATABASE_URL" -f scripts/report-bench-data.sql
-- adds 13 regional offices, `appeals` appeals (default 1,000,000) received over 2024-2025 (the same
-- number every day: a quarter of them in the first half of 2025, a quarter in the first half of
-- 2024, in no physical order: each table page holds appeals of many days), and with them, in
-- proportion, 2 applicants per 5 appeals (30 % not citizens), 1 impact measure per 50 appeals and
-- 1 compensation record per 20; a fixed 300 facilities and `visits` visits (default 10,000; they
-- depend on the monitors, not on the appeals) with 4 recommendations each; then VACUUM ANALYZE.
-- `-v description_repeats=N` (default 10) sets the length of each description: N times a
-- 45-character sentence (450 characters by default, so that a row is about 950 bytes).
--
-- It refuses to run unless appeals, applicants, impact measures, compensation, facilities, visits
-- and attachments are empty: never run it on a database with real data. For speed it loads in
-- one transaction: it empties (TRUNCATE) the already empty appeals and applicants with the tables
-- that reference them, drops the foreign keys of appeals and the indexes of both tables that
-- belong to no constraint, inserts, then re-creates them from their own definitions
-- (pg_get_constraintdef, pg_get_indexdef), so that the schema ends exactly as the migrations left
-- it. On a server with `wal_level = minimal` (the benchmark's own, scripts/bench) the rows and
-- indexes of the two truncated tables then skip the WAL. On that server and 2 cores: about 25 s for
-- 1,000,000 appeals (1.5 GB) and 4.5 minutes for 10,000,000 (14 GB), docs/benchmarks.md.

\set ON_ERROR_STOP on
\if :{?appeals}
\else
    \set appeals 1000000
\endif
\if :{?visits}
\else
    \set visits 10000
\endif
\if :{?description_repeats}
\else
    \set description_repeats 10
\endif
SELECT (:appeals)::int AS appeals, greatest((:appeals)::bigint * 2 / 5, 1) AS applicants,
       greatest((:appeals)::bigint / 50, 1) AS measures, greatest((:appeals)::bigint / 20, 1) AS compensations,
       (:visits)::int AS visits, (:description_repeats)::int AS description_repeats \gset
\echo report bench data: :appeals appeals, :applicants applicants, :measures measures, :compensations compensation records, :visits visits

DO $$
BEGIN
    IF EXISTS (SELECT FROM appeals) OR EXISTS (SELECT FROM applicants) OR EXISTS (SELECT FROM impact_measures)
       OR EXISTS (SELECT FROM compensations) OR EXISTS (SELECT FROM facilities) OR EXISTS (SELECT FROM visits)
       OR EXISTS (SELECT FROM attachments) THEN
        RAISE EXCEPTION 'report-bench-data.sql: the database already has appeals, applicants, measures, compensation, facilities, visits or attachments; refusing to run';
    END IF;
END $$;

BEGIN;
SET LOCAL maintenance_work_mem = '512MB';
-- Every table that references appeals or applicants (all empty, checked above): a new, empty file
-- for each, created in this transaction.
TRUNCATE appeals, applicants, appeal_events, body_requests, attachments, impact_measure_appeals, compensations, referrals,
         appeal_pauses, applicant_contacts, compensation_corrections;

CREATE TEMP TABLE bench_ddl ON COMMIT DROP AS
SELECT 1 AS step, format('ALTER TABLE appeals DROP CONSTRAINT %I', conname) AS drop_sql,
       format('ALTER TABLE appeals ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS create_sql
FROM pg_constraint WHERE conrelid = 'appeals'::regclass AND contype = 'f'
UNION ALL
SELECT 2, format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid IN ('appeals'::regclass, 'applicants'::regclass)
  AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'));
SELECT drop_sql FROM bench_ddl ORDER BY step, drop_sql \gexec

INSERT INTO offices (id, code, name, region)
SELECT gen_random_uuid(), 'R' || chr(65 + i) || chr(65 + i), 'Regional office ' || i,
       (ARRAY['karakalpakstan','andijan','bukhara','fergana','jizzakh','kashkadarya','khorezm','namangan','navoi','samarkand','surkhandarya','syrdarya','tashkent_region'])[i + 1]
FROM generate_series(0, 12) i;
CREATE TEMP TABLE off ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, id FROM offices;

-- Ids derived from the row number (md5), so that appeals can name their applicant and an earlier
-- appeal without a join.
INSERT INTO applicants (id, kind, full_name, email)
SELECT md5('applicant ' || i)::uuid,
       (ARRAY['citizen','citizen','citizen','citizen','citizen','citizen','foreign_national','stateless_person','organization','citizen'])[1 + (i % 10)],
       'Applicant ' || i, 'applicant' || i || '@example.org'
FROM generate_series(1, :applicants) i;

INSERT INTO appeals (id, office_id, number, year, seq, received_on, channel, applicant_id, anonymous, signatories,
    region, abroad_country, subject, description, categories, respondent_bodies, status, outcome, closed_on,
    track_started_on, due_on, repeat_of, access_code_hash, search_text)
SELECT md5('appeal ' || g.i)::uuid, o.id, 'B-' || g.i, 2025, g.i, g.received_on,
       (ARRAY['letter','email','online_portal','in_person','hotline','mobile_reception','presidential_virtual_reception','complaint_box','monitoring_visit','referral'])[1 + (g.i * 7 % 10)],
       CASE WHEN g.i % 50 = 0 THEN NULL ELSE md5('applicant ' || (1 + g.i % :applicants))::uuid END,
       g.i % 50 = 0, CASE WHEN g.i % 97 = 0 THEN 5 END,
       CASE WHEN g.i % 40 = 0 THEN 'abroad' ELSE (ARRAY['karakalpakstan','andijan','bukhara','fergana','jizzakh','kashkadarya','khorezm','namangan','navoi','samarkand','surkhandarya','syrdarya','tashkent_region','tashkent_city'])[1 + (g.i * 13 % 14)] END,
       CASE WHEN g.i % 40 = 0 THEN (ARRAY['RU','KZ','TR','KR'])[1 + (g.i % 4)] END,
       'Subject of appeal ' || g.i, repeat('A fairly ordinary description of the matter. ', :description_repeats),
       CASE WHEN g.i % 3 = 0 THEN ARRAY[(ARRAY['prisoners_rights','labour','social_security','health','housing','property','fair_trial'])[1 + g.i % 7], 'other']
            ELSE ARRAY[(ARRAY['prisoners_rights','prohibition_of_torture','liberty_and_security','fair_trial','migrants_rights','rights_of_persons_with_disabilities','childrens_rights','labour','social_security','health','housing','property','freedom_of_expression','religion','environment','other'])[1 + g.i % 16]] END,
       CASE WHEN g.i % 4 = 0 THEN '{}'::text[] ELSE ARRAY['State body ' || (g.i * 31 % 200), 'State body ' || (g.i * 17 % 300)] END,
       CASE WHEN g.c THEN 'closed' ELSE 'under_consideration' END,
       CASE WHEN g.c THEN (ARRAY['satisfied','partially_satisfied','explained','rejected','forwarded','withdrawn','left_without_consideration'])[1 + g.i % 7] END,
       CASE WHEN g.c THEN g.received_on + (g.i % 45) END,
       g.received_on, g.received_on + 15,
       -- Every 11th appeal repeats the first one.
       CASE WHEN g.i % 11 = 0 THEN md5('appeal 1')::uuid END,
       decode(repeat('00', 32), 'hex'), 'search text ' || g.i
FROM (SELECT i, date '2024-01-01' + (i % 731) AS received_on, (i % 7) <> 0 AS c FROM generate_series(1, :appeals) i) g
JOIN off o ON o.n = g.i % 14;

SELECT create_sql FROM bench_ddl ORDER BY step DESC, create_sql \gexec

INSERT INTO impact_measures (id, office_id, number, year, seq, kind, addressee, issued_on, summary, status)
SELECT gen_random_uuid(), o.id, 'M-' || i, 2025, i, (ARRAY['submission','demand','conclusion','other'])[1 + i % 4], 'Body',
       date '2024-01-01' + (i % 731), 'Summary', (ARRAY['issued','response_received','implemented','rejected'])[1 + i % 4]
FROM generate_series(1, :measures) i JOIN off o ON o.n = i % 14;

INSERT INTO compensations (id, office_id, amount_minor, currency, kind, paid_by, recovered_on, appeal_id)
SELECT gen_random_uuid(), o.id, 100000 + i * 10, (ARRAY['UZS','UZS','UZS','RUB'])[1 + i % 4],
       (ARRAY['wage_arrears','pension','benefit','damages','refund','other'])[1 + i % 6], 'Payer', date '2024-01-01' + (i % 731),
       md5('appeal 1')::uuid
FROM generate_series(1, :compensations) i JOIN off o ON o.n = i % 14;

INSERT INTO facilities (id, name, kind, region, operating_authority)
SELECT gen_random_uuid(), 'Facility ' || i, (ARRAY['special_reception_centre','temporary_detention_facility','pre_trial_detention_centre','military_unit','penal_institution','compulsory_treatment_facility','other'])[1 + i % 7],
       (ARRAY['karakalpakstan','andijan','bukhara','fergana','jizzakh','kashkadarya','khorezm','namangan','navoi','samarkand','surkhandarya','syrdarya','tashkent_region','tashkent_city'])[1 + i % 14], 'Ministry'
FROM generate_series(1, 300) i;
CREATE TEMP TABLE fac ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY name) AS n, id FROM facilities;

INSERT INTO visits (id, number, office_id, facility_id, started_on, ended_on, visit_type)
SELECT gen_random_uuid(), 'V-' || i, o.id, f.id, date '2024-01-01' + (i % 731), date '2024-01-01' + (i % 731) + 1,
       (ARRAY['planned','unannounced','follow_up','reactive'])[1 + i % 4]
FROM generate_series(1, :visits) i JOIN off o ON o.n = i % 14 JOIN fac f ON f.n = 1 + i % 300;

INSERT INTO recommendations (id, visit_id, position, text, addressee, status)
SELECT gen_random_uuid(), v.id, p, 'Text', 'Addressee', (ARRAY['open','implemented','partially_implemented','not_implemented'])[1 + (p + length(v.number)) % 4]
FROM visits v CROSS JOIN generate_series(1, 4) p;
COMMIT;

VACUUM ANALYZE;
