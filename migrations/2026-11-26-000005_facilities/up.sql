-- The facility registry: places of detention the office's monitors visit (the first part of
-- monitoring visits).

CREATE TABLE facilities (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    kind text NOT NULL CHECK (kind IN ('special_reception_centre', 'temporary_detention_facility',
        'pre_trial_detention_centre', 'military_unit', 'penal_institution', 'compulsory_treatment_facility',
        'other')),
    region text NOT NULL CHECK (region IN (
        'karakalpakstan', 'andijan', 'bukhara', 'fergana', 'jizzakh', 'kashkadarya', 'khorezm',
        'namangan', 'navoi', 'samarkand', 'surkhandarya', 'syrdarya', 'tashkent_region',
        'tashkent_city', 'abroad')),
    operating_authority text NOT NULL CHECK (length(btrim(operating_authority)) BETWEEN 1 AND 300),
    capacity integer CHECK (capacity > 0),
    is_active boolean NOT NULL DEFAULT true,
    -- The office whose monitors cover the facility.
    office_id uuid REFERENCES offices (id),
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT facilities_name_region_key UNIQUE (name, region)
);
CREATE INDEX facilities_office ON facilities (office_id, id DESC);
CREATE INDEX facilities_region ON facilities (region, id DESC);
