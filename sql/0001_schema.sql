-- The core schema: reference data (regions, department kinds, indicators), departments, reports and their
-- metrics, targets, the audit trail, and `figure`, the per-report summary that rollups read.
CREATE EXTENSION IF NOT EXISTS ltree;

CREATE DOMAIN huibao.period AS text
    CHECK (VALUE ~ '^[0-9]{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$');

CREATE TABLE huibao.region (
    code        char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name        text NOT NULL CHECK (name <> ''),
    level       text NOT NULL CHECK (level IN ('province', 'prefecture', 'county')),
    parent_code char(6) REFERENCES huibao.region (code),
    -- province.prefecture.county codes: subtree queries never rely on code prefixes (municipalities differ).
    path        ltree NOT NULL,
    CHECK ((level = 'province') = (parent_code IS NULL))
);
CREATE INDEX region_path ON huibao.region USING gist (path);
CREATE INDEX region_parent ON huibao.region (parent_code);
CREATE INDEX region_name ON huibao.region (name);

CREATE TABLE huibao.department_kind (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name text NOT NULL CHECK (name <> '')
);

CREATE TABLE huibao.department (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code char(6) NOT NULL REFERENCES huibao.region (code),
    kind        text NOT NULL REFERENCES huibao.department_kind (code),
    name        text NOT NULL CHECK (name <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- One department of a kind per region is what makes counties comparable.
    UNIQUE (region_code, kind),
    UNIQUE (name)
);

CREATE TABLE huibao.indicator (
    code               text PRIMARY KEY CHECK (code ~ '^[a-z_]+\.[a-z_]+$'),
    name               text NOT NULL CHECK (name <> ''),
    unit               text NOT NULL CHECK (unit <> ''),
    category           text NOT NULL,
    region_aggregation text NOT NULL CHECK (region_aggregation IN ('sum', 'avg', 'max', 'min')),
    time_aggregation   text NOT NULL CHECK (time_aggregation IN ('sum', 'last', 'avg', 'max', 'min'))
);

CREATE TABLE huibao.report (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_id bigint NOT NULL REFERENCES huibao.department (id),
    period        huibao.period NOT NULL,
    title         text,
    source_file   text,
    source_text   text NOT NULL,
    source_sha256 text NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
    status        text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'reviewed')),
    revision      integer NOT NULL CHECK (revision >= 1),
    supersedes    bigint REFERENCES huibao.report (id),
    is_current    boolean NOT NULL DEFAULT true,
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    submitted_by  text NOT NULL DEFAULT session_user,
    UNIQUE (department_id, period, revision),
    CHECK ((revision = 1) = (supersedes IS NULL))
);
-- A revision supersedes but never deletes: exactly one current report per department and period.
CREATE UNIQUE INDEX report_one_current ON huibao.report (department_id, period) WHERE is_current;

CREATE TABLE huibao.metric (
    report_id      bigint NOT NULL REFERENCES huibao.report (id),
    ordinal        integer NOT NULL CHECK (ordinal >= 1),
    document       integer NOT NULL DEFAULT 1 CHECK (document >= 1),
    indicator_code text REFERENCES huibao.indicator (code),
    value          numeric NOT NULL CHECK (value >= 0),
    unit           text NOT NULL CHECK (unit <> ''),
    base_value     numeric NOT NULL CHECK (base_value >= 0),
    base_unit      text NOT NULL CHECK (base_unit <> ''),
    qualifier      text CHECK (qualifier IN ('以上', '余', '多', '近', '约', '超过', '突破', '不足', '以下', '以内', '左右')),
    kind           text NOT NULL CHECK (kind IN ('actual', 'target', 'change', 'ratio', 'other')),
    category       text NOT NULL,
    role           text CHECK (role IN ('total', 'part')),
    total_ordinal  integer,
    subject        text,
    action         text,
    section        text,
    quote          text NOT NULL CHECK (quote <> ''),
    span_start     integer NOT NULL CHECK (span_start >= 0),
    span_end       integer NOT NULL,
    PRIMARY KEY (report_id, ordinal),
    CHECK (span_end > span_start),
    CHECK ((role = 'part') = (total_ordinal IS NOT NULL) OR role IS NULL AND total_ordinal IS NULL)
);
CREATE INDEX metric_indicator ON huibao.metric (indicator_code) WHERE indicator_code IS NOT NULL;

-- What rollups read: one row per current report and indicator, kept in the submitting transaction, so a figure
-- submitted is in the next rollup without any batch refresh. Region ancestors are copied in for index-only scans.
CREATE TABLE huibao.figure (
    report_id       bigint NOT NULL REFERENCES huibao.report (id),
    indicator_code  text NOT NULL REFERENCES huibao.indicator (code),
    period          huibao.period NOT NULL,
    department_id   bigint NOT NULL REFERENCES huibao.department (id),
    department_kind text NOT NULL REFERENCES huibao.department_kind (code),
    region_code     char(6) NOT NULL REFERENCES huibao.region (code),
    prefecture_code char(6),
    province_code   char(6) NOT NULL,
    -- The sum of the figures counted, how many there were (for averages from underlying values), and whether any
    -- of them was a lower bound (以上, 余 …), which makes every sum it enters a lower bound.
    value           numeric NOT NULL,
    value_count     integer NOT NULL CHECK (value_count >= 1),
    lower_bound     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (report_id, indicator_code)
);
CREATE INDEX figure_prefecture ON huibao.figure (period, prefecture_code, indicator_code);
CREATE INDEX figure_province ON huibao.figure (period, province_code, indicator_code);
CREATE INDEX figure_region ON huibao.figure (period, region_code, indicator_code);
CREATE INDEX figure_indicator ON huibao.figure (period, indicator_code);

CREATE TABLE huibao.target (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code     char(6) NOT NULL REFERENCES huibao.region (code),
    -- NULL: the target of all departments of the region together.
    department_kind text REFERENCES huibao.department_kind (code),
    indicator_code  text NOT NULL REFERENCES huibao.indicator (code),
    period          huibao.period NOT NULL,
    value           numeric NOT NULL CHECK (value >= 0),
    UNIQUE NULLS NOT DISTINCT (region_code, department_kind, indicator_code, period)
);

CREATE TABLE huibao.audit (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text NOT NULL DEFAULT session_user,
    action    text NOT NULL CHECK (action IN ('submit', 'supersede', 'fix_metric', 'load_targets', 'grant_department')),
    report_id bigint REFERENCES huibao.report (id),
    ordinal   integer,
    old_value numeric,
    new_value numeric,
    reason    text,
    CHECK (action <> 'fix_metric' OR (reason IS NOT NULL AND reason <> ''))
);
CREATE INDEX audit_report ON huibao.audit (report_id);
