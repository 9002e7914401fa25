-- Running totals that keep province and national rollups fast without any batch refresh: triggers on figure,
-- report and department update them in the writing transaction, so a submitted figure is in the next rollup.
--
-- Every total is kept per (parent, region): a county's under its prefecture, a prefecture's under its province, a
-- province's under the nation ('000000'). A department that sits at a prefecture or province itself is kept under
-- that region as its own child (本级): its region_code equals its parent_code one level down.
-- A prefecture rollup then reads about 10 rows per indicator, a national one about 31, instead of one per
-- department.

CREATE TABLE huibao.region_total (
    period          huibao.period NOT NULL,
    parent_code     char(6) NOT NULL,
    region_code     char(6) NOT NULL,
    -- A department kind, or '*' for all departments of the region together (county rows keep only '*').
    department_kind text NOT NULL,
    indicator_code  text NOT NULL REFERENCES huibao.indicator (code),
    level           text NOT NULL CHECK (level IN ('county', 'prefecture', 'province')),
    -- As in figure: the sum (or max/min) of the figures, how many values went in, how many were lower bounds.
    value           numeric NOT NULL,
    value_count     bigint NOT NULL,
    lower_count     bigint NOT NULL,
    figure_count    bigint NOT NULL,
    PRIMARY KEY (period, parent_code, region_code, department_kind, indicator_code)
) WITH (fillfactor = 50);  -- room on each page for HOT updates: every submit updates rows in place

CREATE TABLE huibao.report_total (
    period          huibao.period NOT NULL,
    parent_code     char(6) NOT NULL,
    region_code     char(6) NOT NULL,
    department_kind text NOT NULL,
    reports         bigint NOT NULL,
    PRIMARY KEY (period, parent_code, region_code, department_kind)
) WITH (fillfactor = 50);

CREATE TABLE huibao.department_total (
    parent_code     char(6) NOT NULL,
    region_code     char(6) NOT NULL,
    department_kind text NOT NULL,
    departments     bigint NOT NULL,
    PRIMARY KEY (parent_code, region_code, department_kind)
);

-- The total rows a department's figures count in, from the province and prefecture codes figure carries.
CREATE FUNCTION huibao.total_keys(p_province char(6), p_prefecture char(6), p_region char(6))
RETURNS TABLE (level text, parent_code char(6), region_code char(6))
LANGUAGE sql IMMUTABLE
AS $$
    SELECT 'province', '000000'::char(6), p_province
    UNION ALL
    SELECT 'prefecture', p_province, coalesce(p_prefecture, p_province)
    UNION ALL
    SELECT 'county', p_prefecture, p_region WHERE p_prefecture IS NOT NULL
$$;

-- The province and prefecture codes of a region, as figure stores them.
CREATE FUNCTION huibao.region_ancestors(p_path ltree, OUT province char(6), OUT prefecture char(6))
LANGUAGE sql IMMUTABLE
AS $$
    -- Text functions only: the triggers run with a fixed search_path that need not hold ltree's schema.
    SELECT split_part(p_path::text, '.', 1)::char(6), nullif(split_part(p_path::text, '.', 2), '')::char(6)
$$;

-- MARK: figure → region_total

CREATE FUNCTION huibao.region_total_add() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    INSERT INTO huibao.region_total AS t (period, parent_code, region_code, department_kind, indicator_code, level,
        value, value_count, lower_count, figure_count)
    SELECT n.period, k.parent_code, k.region_code, kind.code, n.indicator_code, k.level,
        CASE i.region_aggregation WHEN 'max' THEN max(n.value) WHEN 'min' THEN min(n.value) ELSE sum(n.value) END,
        sum(n.value_count), count(*) FILTER (WHERE n.lower_bound), count(*)
    FROM added n
    JOIN huibao.indicator i ON i.code = n.indicator_code
    CROSS JOIN LATERAL huibao.total_keys(n.province_code, n.prefecture_code, n.region_code) k
    CROSS JOIN LATERAL (VALUES ('*'), (n.department_kind)) AS kind(code)
    WHERE kind.code = '*' OR k.level <> 'county'
    GROUP BY n.period, k.parent_code, k.region_code, kind.code, n.indicator_code, k.level, i.region_aggregation
    -- A fixed order of row locks: two submitters in one province cannot deadlock on their totals.
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (period, parent_code, region_code, department_kind, indicator_code) DO UPDATE
    SET value = CASE (SELECT region_aggregation FROM huibao.indicator WHERE code = t.indicator_code)
            WHEN 'max' THEN greatest(t.value, EXCLUDED.value)
            WHEN 'min' THEN least(t.value, EXCLUDED.value)
            ELSE t.value + EXCLUDED.value END,
        value_count = t.value_count + EXCLUDED.value_count,
        lower_count = t.lower_count + EXCLUDED.lower_count,
        figure_count = t.figure_count + EXCLUDED.figure_count;
    RETURN NULL;
END
$$;

-- Taking figures back is the same upsert with negated sums, in the same key order as adding, so that two
-- submitters never lock the same totals in opposite orders. Rows that drop to no figures stay (figure_count 0;
-- readers skip them): a revision usually refills them at once.
CREATE FUNCTION huibao.region_total_remove() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    INSERT INTO huibao.region_total AS t (period, parent_code, region_code, department_kind, indicator_code, level,
        value, value_count, lower_count, figure_count)
    SELECT o.period, k.parent_code, k.region_code, kind.code, o.indicator_code, k.level,
        -sum(o.value), -sum(o.value_count), -count(*) FILTER (WHERE o.lower_bound), -count(*)
    FROM removed o
    CROSS JOIN LATERAL huibao.total_keys(o.province_code, o.prefecture_code, o.region_code) k
    CROSS JOIN LATERAL (VALUES ('*'), (o.department_kind)) AS kind(code)
    WHERE kind.code = '*' OR k.level <> 'county'
    GROUP BY o.period, k.parent_code, k.region_code, kind.code, o.indicator_code, k.level
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (period, parent_code, region_code, department_kind, indicator_code) DO UPDATE
    SET value = CASE (SELECT region_aggregation FROM huibao.indicator WHERE code = t.indicator_code)
            WHEN 'max' THEN t.value
            WHEN 'min' THEN t.value
            ELSE t.value + EXCLUDED.value END,
        value_count = t.value_count + EXCLUDED.value_count,
        lower_count = t.lower_count + EXCLUDED.lower_count,
        figure_count = t.figure_count + EXCLUDED.figure_count;

    -- A maximum or minimum cannot be taken back by subtraction: recompute it from the figures that remain.
    IF EXISTS (SELECT 1 FROM removed o JOIN huibao.indicator i ON i.code = o.indicator_code
               WHERE i.region_aggregation IN ('max', 'min')) THEN
        UPDATE huibao.region_total t
        SET value = coalesce((
            SELECT CASE i.region_aggregation WHEN 'max' THEN max(f.value) ELSE min(f.value) END
            FROM huibao.figure f
            WHERE f.period = t.period AND f.indicator_code = t.indicator_code
              AND (t.department_kind = '*' OR f.department_kind = t.department_kind)
              AND CASE t.level
                  WHEN 'province' THEN f.province_code = t.region_code
                  WHEN 'prefecture' THEN f.province_code = t.parent_code
                      AND coalesce(f.prefecture_code, f.province_code) = t.region_code
                  ELSE f.prefecture_code = t.parent_code AND f.region_code = t.region_code END), 0)
        FROM huibao.indicator i
        WHERE i.code = t.indicator_code AND i.region_aggregation IN ('max', 'min')
          AND (t.period, t.parent_code, t.region_code, t.department_kind, t.indicator_code) IN (
              SELECT o.period, k.parent_code, k.region_code, kind.code, o.indicator_code
              FROM removed o
              CROSS JOIN LATERAL huibao.total_keys(o.province_code, o.prefecture_code, o.region_code) k
              CROSS JOIN LATERAL (VALUES ('*'), (o.department_kind)) AS kind(code)
              WHERE kind.code = '*' OR k.level <> 'county');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER figure_total_add AFTER INSERT ON huibao.figure
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION huibao.region_total_add();
CREATE TRIGGER figure_total_remove AFTER DELETE ON huibao.figure
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION huibao.region_total_remove();

-- MARK: report → report_total (current reports only)
-- A trigger with transition tables serves one event, hence one function per event.

CREATE FUNCTION huibao.report_total_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    INSERT INTO huibao.report_total AS t (period, parent_code, region_code, department_kind, reports)
    SELECT c.period, k.parent_code, k.region_code, d.kind, sum(c.delta)
    FROM (SELECT period, department_id, 1 AS delta FROM added WHERE is_current) c
    JOIN huibao.department d ON d.id = c.department_id
    JOIN huibao.region g ON g.code = d.region_code
    CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
    CROSS JOIN LATERAL huibao.total_keys(a.province, a.prefecture, g.code) k
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (period, parent_code, region_code, department_kind) DO UPDATE
    SET reports = t.reports + EXCLUDED.reports;
    RETURN NULL;
END
$$;

CREATE FUNCTION huibao.report_total_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    INSERT INTO huibao.report_total AS t (period, parent_code, region_code, department_kind, reports)
    SELECT c.period, k.parent_code, k.region_code, d.kind, sum(c.delta)
    FROM (SELECT period, department_id, -1 AS delta FROM before WHERE is_current
        UNION ALL SELECT period, department_id, 1 FROM after WHERE is_current) c
    JOIN huibao.department d ON d.id = c.department_id
    JOIN huibao.region g ON g.code = d.region_code
    CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
    CROSS JOIN LATERAL huibao.total_keys(a.province, a.prefecture, g.code) k
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (period, parent_code, region_code, department_kind) DO UPDATE
    SET reports = t.reports + EXCLUDED.reports;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_total_insert AFTER INSERT ON huibao.report
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION huibao.report_total_insert();
CREATE TRIGGER report_total_update AFTER UPDATE ON huibao.report
    REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT EXECUTE FUNCTION huibao.report_total_update();

-- MARK: department → department_total

CREATE FUNCTION huibao.department_total_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    INSERT INTO huibao.department_total AS t (parent_code, region_code, department_kind, departments)
    SELECT k.parent_code, k.region_code, d.kind, sum(d.delta)
    FROM (SELECT region_code, kind, 1 AS delta FROM added) d
    JOIN huibao.region g ON g.code = d.region_code
    CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
    CROSS JOIN LATERAL huibao.total_keys(a.province, a.prefecture, g.code) k
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (parent_code, region_code, department_kind) DO UPDATE
    SET departments = t.departments + EXCLUDED.departments;
    RETURN NULL;
END
$$;

CREATE FUNCTION huibao.department_total_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    INSERT INTO huibao.department_total AS t (parent_code, region_code, department_kind, departments)
    SELECT k.parent_code, k.region_code, d.kind, sum(d.delta)
    FROM (SELECT region_code, kind, -1 AS delta FROM removed) d
    JOIN huibao.region g ON g.code = d.region_code
    CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
    CROSS JOIN LATERAL huibao.total_keys(a.province, a.prefecture, g.code) k
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (parent_code, region_code, department_kind) DO UPDATE
    SET departments = t.departments + EXCLUDED.departments;
    RETURN NULL;
END
$$;

CREATE FUNCTION huibao.department_total_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    INSERT INTO huibao.department_total AS t (parent_code, region_code, department_kind, departments)
    SELECT k.parent_code, k.region_code, d.kind, sum(d.delta)
    FROM (SELECT region_code, kind, -1 AS delta FROM before
        UNION ALL SELECT region_code, kind, 1 FROM after) d
    JOIN huibao.region g ON g.code = d.region_code
    CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
    CROSS JOIN LATERAL huibao.total_keys(a.province, a.prefecture, g.code) k
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (parent_code, region_code, department_kind) DO UPDATE
    SET departments = t.departments + EXCLUDED.departments;
    RETURN NULL;
END
$$;

CREATE TRIGGER department_total_insert AFTER INSERT ON huibao.department
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION huibao.department_total_insert();
CREATE TRIGGER department_total_delete AFTER DELETE ON huibao.department
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION huibao.department_total_delete();
CREATE TRIGGER department_total_update AFTER UPDATE ON huibao.department
    REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT EXECUTE FUNCTION huibao.department_total_update();

-- MARK: who reported

-- Which of some departments have a current report for some periods: only that a report exists, never its text.
-- A department writer's row-level security shows it only its own reports; this lets its rollups still count who
-- else has reported.
CREATE FUNCTION huibao.reporting(p_departments bigint[], p_periods text[])
RETURNS TABLE (department_id bigint, period text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
    SELECT r.department_id, r.period::text
    FROM huibao.report r
    WHERE r.is_current AND r.department_id = ANY(p_departments) AND r.period = ANY(p_periods)
$$;
REVOKE ALL ON FUNCTION huibao.reporting(bigint[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION huibao.reporting(bigint[], text[]) TO huibao_writer, huibao_admin;

-- MARK: rebuild

-- Recomputes the totals from the base tables, of one period or (NULL) of all: after a bulk load with triggers
-- off (session_replication_role = replica), or to check the triggers. Also fills them for existing data now.
CREATE FUNCTION huibao.rebuild_totals(p_period text DEFAULT NULL) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
    DELETE FROM huibao.region_total WHERE p_period IS NULL OR period = p_period;
    DELETE FROM huibao.report_total WHERE p_period IS NULL OR period = p_period;
    DELETE FROM huibao.department_total WHERE p_period IS NULL;
    INSERT INTO huibao.region_total (period, parent_code, region_code, department_kind, indicator_code, level,
        value, value_count, lower_count, figure_count)
    SELECT n.period, k.parent_code, k.region_code, kind.code, n.indicator_code, k.level,
        CASE i.region_aggregation WHEN 'max' THEN max(n.value) WHEN 'min' THEN min(n.value) ELSE sum(n.value) END,
        sum(n.value_count), count(*) FILTER (WHERE n.lower_bound), count(*)
    FROM huibao.figure n
    JOIN huibao.indicator i ON i.code = n.indicator_code
    CROSS JOIN LATERAL huibao.total_keys(n.province_code, n.prefecture_code, n.region_code) k
    CROSS JOIN LATERAL (VALUES ('*'), (n.department_kind)) AS kind(code)
    WHERE (kind.code = '*' OR k.level <> 'county') AND (p_period IS NULL OR n.period = p_period)
    GROUP BY n.period, k.parent_code, k.region_code, kind.code, n.indicator_code, k.level, i.region_aggregation;
    INSERT INTO huibao.report_total (period, parent_code, region_code, department_kind, reports)
    SELECT c.period, k.parent_code, k.region_code, d.kind, count(*)
    FROM huibao.report c
    JOIN huibao.department d ON d.id = c.department_id
    JOIN huibao.region g ON g.code = d.region_code
    CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
    CROSS JOIN LATERAL huibao.total_keys(a.province, a.prefecture, g.code) k
    WHERE c.is_current AND (p_period IS NULL OR c.period = p_period)
    GROUP BY 1, 2, 3, 4;
    INSERT INTO huibao.department_total (parent_code, region_code, department_kind, departments)
    SELECT k.parent_code, k.region_code, d.kind, count(*)
    FROM huibao.department d
    JOIN huibao.region g ON g.code = d.region_code
    CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
    CROSS JOIN LATERAL huibao.total_keys(a.province, a.prefecture, g.code) k
    WHERE p_period IS NULL
    GROUP BY 1, 2, 3;
$$;
REVOKE ALL ON FUNCTION huibao.rebuild_totals(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION huibao.rebuild_totals(text) TO huibao_admin;
SELECT huibao.rebuild_totals();

-- Everyone who reads figures reads the totals; only the triggers (as the schema owner) write them.
GRANT SELECT ON huibao.region_total, huibao.report_total, huibao.department_total TO huibao_writer, huibao_admin;
