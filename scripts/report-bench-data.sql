-- Data for measuring the reports (docs/reports.md): on a migrated, otherwise empty database,
--   psql "$DATABASE_URL" -f scripts/report-bench-data.sql
-- adds 13 regional offices, 400,000 applicants (30 % not citizens), 1,000,000 appeals received
-- over 2024-2025, 20,000 impact measures, 50,000 compensation records, 300 facilities, 10,000
-- visits with 4 recommendations each, then VACUUM ANALYZE. Takes about 1.5 minutes on 2 cores.
-- Never run it on a database with real data.

INSERT INTO offices (id, code, name, region)
SELECT gen_random_uuid(), 'R' || chr(65 + i) || chr(65 + i), 'Regional office ' || i,
       (ARRAY['karakalpakstan','andijan','bukhara','fergana','jizzakh','kashkadarya','khorezm','namangan','navoi','samarkand','surkhandarya','syrdarya','tashkent_region'])[i + 1]
FROM generate_series(0, 12) i;

INSERT INTO applicants (id, kind, full_name, email)
SELECT gen_random_uuid(),
       (ARRAY['citizen','citizen','citizen','citizen','citizen','citizen','foreign_national','stateless_person','organization','citizen'])[1 + (i % 10)],
       'Applicant ' || i, 'applicant' || i || '@example.org'
FROM generate_series(1, 400000) i;

CREATE TEMP TABLE ap AS SELECT row_number() OVER () AS n, id FROM applicants;
CREATE TEMP TABLE off AS SELECT row_number() OVER () - 1 AS n, id FROM offices;

INSERT INTO appeals (id, office_id, number, year, seq, received_on, channel, applicant_id, anonymous, signatories,
    region, abroad_country, subject, description, categories, respondent_bodies, status, outcome, closed_on,
    track_started_on, due_on, repeat_of, access_code_hash, search_text)
SELECT gen_random_uuid(), o.id, 'B-' || g.i, 2025, g.i, g.received_on,
       (ARRAY['letter','email','online_portal','in_person','hotline','mobile_reception','presidential_virtual_reception','complaint_box','monitoring_visit','referral'])[1 + (g.i * 7 % 10)],
       CASE WHEN g.i % 50 = 0 THEN NULL ELSE a.id END, g.i % 50 = 0, CASE WHEN g.i % 97 = 0 THEN 5 END,
       CASE WHEN g.i % 40 = 0 THEN 'abroad' ELSE (ARRAY['karakalpakstan','andijan','bukhara','fergana','jizzakh','kashkadarya','khorezm','namangan','navoi','samarkand','surkhandarya','syrdarya','tashkent_region','tashkent_city'])[1 + (g.i * 13 % 14)] END,
       CASE WHEN g.i % 40 = 0 THEN (ARRAY['RU','KZ','TR','KR'])[1 + (g.i % 4)] END,
       'Subject of appeal ' || g.i, repeat('A fairly ordinary description of the matter. ', 10),
       CASE WHEN g.i % 3 = 0 THEN ARRAY[(ARRAY['prisoners_rights','labour','social_security','health','housing','property','fair_trial'])[1 + g.i % 7], 'other']
            ELSE ARRAY[(ARRAY['prisoners_rights','prohibition_of_torture','liberty_and_security','fair_trial','migrants_rights','rights_of_persons_with_disabilities','childrens_rights','labour','social_security','health','housing','property','freedom_of_expression','religion','environment','other'])[1 + g.i % 16]] END,
       CASE WHEN g.i % 4 = 0 THEN '{}'::text[] ELSE ARRAY['State body ' || (g.i * 31 % 200), 'State body ' || (g.i * 17 % 300)] END,
       CASE WHEN g.c THEN 'closed' ELSE 'under_consideration' END,
       CASE WHEN g.c THEN (ARRAY['satisfied','partially_satisfied','explained','rejected','forwarded','withdrawn','left_without_consideration'])[1 + g.i % 7] END,
       CASE WHEN g.c THEN g.received_on + (g.i % 45) END,
       g.received_on, g.received_on + 15, NULL, decode(repeat('00', 32), 'hex'), 'search text ' || g.i
FROM (SELECT i, date '2024-01-01' + (i % 731) AS received_on, (i % 7) <> 0 AS c FROM generate_series(1, 1000000) i) g
JOIN ap a ON a.n = 1 + (g.i % 400000)
JOIN off o ON o.n = g.i % 14;

UPDATE appeals SET repeat_of = (SELECT id FROM appeals LIMIT 1) WHERE seq % 11 = 0;

INSERT INTO impact_measures (id, office_id, number, year, seq, kind, addressee, issued_on, summary, status)
SELECT gen_random_uuid(), o.id, 'M-' || i, 2025, i, (ARRAY['submission','demand','conclusion','other'])[1 + i % 4], 'Body',
       date '2024-01-01' + (i % 731), 'Summary', (ARRAY['issued','response_received','implemented','rejected'])[1 + i % 4]
FROM generate_series(1, 20000) i JOIN off o ON o.n = i % 14;

INSERT INTO compensations (id, office_id, amount_minor, currency, kind, paid_by, recovered_on, appeal_id)
SELECT gen_random_uuid(), o.id, 100000 + i * 10, (ARRAY['UZS','UZS','UZS','RUB'])[1 + i % 4],
       (ARRAY['wage_arrears','pension','benefit','damages','refund','other'])[1 + i % 6], 'Payer', date '2024-01-01' + (i % 731),
       (SELECT id FROM appeals LIMIT 1)
FROM generate_series(1, 50000) i JOIN off o ON o.n = i % 14;

INSERT INTO facilities (id, name, kind, region, operating_authority)
SELECT gen_random_uuid(), 'Facility ' || i, (ARRAY['special_reception_centre','temporary_detention_facility','pre_trial_detention_centre','military_unit','penal_institution','compulsory_treatment_facility','other'])[1 + i % 7],
       (ARRAY['karakalpakstan','andijan','bukhara','fergana','jizzakh','kashkadarya','khorezm','namangan','navoi','samarkand','surkhandarya','syrdarya','tashkent_region','tashkent_city'])[1 + i % 14], 'Ministry'
FROM generate_series(1, 300) i;
CREATE TEMP TABLE fac AS SELECT row_number() OVER () AS n, id FROM facilities;

INSERT INTO visits (id, number, office_id, facility_id, started_on, ended_on, visit_type)
SELECT gen_random_uuid(), 'V-' || i, o.id, f.id, date '2024-01-01' + (i % 731), date '2024-01-01' + (i % 731) + 1,
       (ARRAY['planned','unannounced','follow_up','reactive'])[1 + i % 4]
FROM generate_series(1, 10000) i JOIN off o ON o.n = i % 14 JOIN fac f ON f.n = 1 + i % 300;

INSERT INTO recommendations (id, visit_id, position, text, addressee, status)
SELECT gen_random_uuid(), v.id, p, 'Text', 'Addressee', (ARRAY['open','implemented','partially_implemented','not_implemented'])[1 + (p + length(v.number)) % 4]
FROM visits v CROSS JOIN generate_series(1, 4) p;

VACUUM ANALYZE;
