-- The totals triggers of 0003, rewritten for bulk submits: the same totals, the same key order, less work per row.
--
-- * The figures of a statement are first summed per region, kind and indicator, so fewer rows are expanded into
--   total keys.
-- * The keys are spelled out as UNION ALL branches instead of calls to total_keys: PostgreSQL does not inline a
--   set-returning SQL function made of a UNION ALL, so 0003 ran it once per figure row.
-- * Summed (and averaged) indicators never look up their aggregation on conflict: they are upserted in a
--   statement of their own, before the few maximum and minimum ones. Both statements lock in key order and every
--   submitter runs them in the same order, so two submitters still cannot deadlock on their totals.

-- MARK: figure → region_total

CREATE OR REPLACE FUNCTION huibao.region_total_add() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    WITH place AS (
        SELECT n.period, n.province_code, n.prefecture_code, n.region_code, n.department_kind, n.indicator_code,
            sum(n.value) AS value, sum(n.value_count) AS value_count,
            count(*) FILTER (WHERE n.lower_bound) AS lower_count, count(*) AS figure_count
        FROM added n
        JOIN huibao.indicator i ON i.code = n.indicator_code
        WHERE i.region_aggregation NOT IN ('max', 'min')
        GROUP BY 1, 2, 3, 4, 5, 6
    ), keyed AS (
        SELECT period, 'province' AS level, '000000'::char(6) AS parent_code, province_code AS region_code,
            department_kind, indicator_code, value, value_count, lower_count, figure_count
        FROM place
        UNION ALL
        SELECT period, 'province', '000000', province_code, '*', indicator_code, value, value_count, lower_count,
            figure_count
        FROM place
        UNION ALL
        SELECT period, 'prefecture', province_code, coalesce(prefecture_code, province_code), department_kind,
            indicator_code, value, value_count, lower_count, figure_count
        FROM place
        UNION ALL
        SELECT period, 'prefecture', province_code, coalesce(prefecture_code, province_code), '*',
            indicator_code, value, value_count, lower_count, figure_count
        FROM place
        UNION ALL
        SELECT period, 'county', prefecture_code, region_code, '*', indicator_code, value, value_count,
            lower_count, figure_count
        FROM place
        WHERE prefecture_code IS NOT NULL
    )
    INSERT INTO huibao.region_total AS t (period, parent_code, region_code, department_kind, indicator_code, level,
        value, value_count, lower_count, figure_count)
    SELECT period, parent_code, region_code, department_kind, indicator_code, level,
        sum(value), sum(value_count), sum(lower_count), sum(figure_count)
    FROM keyed
    GROUP BY period, parent_code, region_code, department_kind, indicator_code, level
    -- A fixed order of row locks: two submitters in one province cannot deadlock on their totals.
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (period, parent_code, region_code, department_kind, indicator_code) DO UPDATE
    SET value = t.value + EXCLUDED.value,
        value_count = t.value_count + EXCLUDED.value_count,
        lower_count = t.lower_count + EXCLUDED.lower_count,
        figure_count = t.figure_count + EXCLUDED.figure_count;

    -- The maximum and minimum indicators, as 0003 wrote them.
    INSERT INTO huibao.region_total AS t (period, parent_code, region_code, department_kind, indicator_code, level,
        value, value_count, lower_count, figure_count)
    SELECT n.period, k.parent_code, k.region_code, kind.code, n.indicator_code, k.level,
        CASE i.region_aggregation WHEN 'max' THEN max(n.value) ELSE min(n.value) END,
        sum(n.value_count), count(*) FILTER (WHERE n.lower_bound), count(*)
    FROM added n
    JOIN huibao.indicator i ON i.code = n.indicator_code
    CROSS JOIN LATERAL huibao.total_keys(n.province_code, n.prefecture_code, n.region_code) k
    CROSS JOIN LATERAL (VALUES ('*'), (n.department_kind)) AS kind(code)
    WHERE i.region_aggregation IN ('max', 'min') AND (kind.code = '*' OR k.level <> 'county')
    GROUP BY n.period, k.parent_code, k.region_code, kind.code, n.indicator_code, k.level, i.region_aggregation
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (period, parent_code, region_code, department_kind, indicator_code) DO UPDATE
    SET value = CASE (SELECT region_aggregation FROM huibao.indicator WHERE code = t.indicator_code)
            WHEN 'max' THEN greatest(t.value, EXCLUDED.value)
            ELSE least(t.value, EXCLUDED.value) END,
        value_count = t.value_count + EXCLUDED.value_count,
        lower_count = t.lower_count + EXCLUDED.lower_count,
        figure_count = t.figure_count + EXCLUDED.figure_count;
    RETURN NULL;
END
$$;

-- Taking figures back subtracts, in the same key order as adding. A maximum or minimum cannot be subtracted: its
-- row takes 0 off its value here and is recomputed from the figures that remain below.
CREATE OR REPLACE FUNCTION huibao.region_total_remove() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    WITH place AS (
        SELECT o.period, o.province_code, o.prefecture_code, o.region_code, o.department_kind, o.indicator_code,
            -sum(CASE WHEN i.region_aggregation IN ('max', 'min') THEN 0 ELSE o.value END) AS value,
            -sum(o.value_count) AS value_count,
            -count(*) FILTER (WHERE o.lower_bound) AS lower_count, -count(*) AS figure_count
        FROM removed o
        JOIN huibao.indicator i ON i.code = o.indicator_code
        GROUP BY 1, 2, 3, 4, 5, 6
    ), keyed AS (
        SELECT period, 'province' AS level, '000000'::char(6) AS parent_code, province_code AS region_code,
            department_kind, indicator_code, value, value_count, lower_count, figure_count
        FROM place
        UNION ALL
        SELECT period, 'province', '000000', province_code, '*', indicator_code, value, value_count, lower_count,
            figure_count
        FROM place
        UNION ALL
        SELECT period, 'prefecture', province_code, coalesce(prefecture_code, province_code), department_kind,
            indicator_code, value, value_count, lower_count, figure_count
        FROM place
        UNION ALL
        SELECT period, 'prefecture', province_code, coalesce(prefecture_code, province_code), '*',
            indicator_code, value, value_count, lower_count, figure_count
        FROM place
        UNION ALL
        SELECT period, 'county', prefecture_code, region_code, '*', indicator_code, value, value_count,
            lower_count, figure_count
        FROM place
        WHERE prefecture_code IS NOT NULL
    )
    INSERT INTO huibao.region_total AS t (period, parent_code, region_code, department_kind, indicator_code, level,
        value, value_count, lower_count, figure_count)
    SELECT period, parent_code, region_code, department_kind, indicator_code, level,
        sum(value), sum(value_count), sum(lower_count), sum(figure_count)
    FROM keyed
    GROUP BY period, parent_code, region_code, department_kind, indicator_code, level
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (period, parent_code, region_code, department_kind, indicator_code) DO UPDATE
    SET value = t.value + EXCLUDED.value,
        value_count = t.value_count + EXCLUDED.value_count,
        lower_count = t.lower_count + EXCLUDED.lower_count,
        figure_count = t.figure_count + EXCLUDED.figure_count;

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

-- MARK: report → report_total

CREATE OR REPLACE FUNCTION huibao.report_total_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    WITH place AS (
        SELECT c.period, a.province, a.prefecture, g.code AS region_code, d.kind, count(*) AS reports
        FROM added c
        JOIN huibao.department d ON d.id = c.department_id
        JOIN huibao.region g ON g.code = d.region_code
        CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
        WHERE c.is_current
        GROUP BY 1, 2, 3, 4, 5
    ), keyed AS (
        SELECT period, '000000'::char(6) AS parent_code, province AS region_code, kind, reports FROM place
        UNION ALL
        SELECT period, province, coalesce(prefecture, province), kind, reports FROM place
        UNION ALL
        SELECT period, prefecture, region_code, kind, reports FROM place WHERE prefecture IS NOT NULL
    )
    INSERT INTO huibao.report_total AS t (period, parent_code, region_code, department_kind, reports)
    SELECT period, parent_code, region_code, kind, sum(reports)
    FROM keyed
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (period, parent_code, region_code, department_kind) DO UPDATE
    SET reports = t.reports + EXCLUDED.reports;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION huibao.report_total_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, huibao
AS $$
BEGIN
    WITH place AS (
        SELECT c.period, a.province, a.prefecture, g.code AS region_code, d.kind, sum(c.delta) AS reports
        FROM (SELECT period, department_id, -1 AS delta FROM before WHERE is_current
            UNION ALL SELECT period, department_id, 1 FROM after WHERE is_current) c
        JOIN huibao.department d ON d.id = c.department_id
        JOIN huibao.region g ON g.code = d.region_code
        CROSS JOIN LATERAL huibao.region_ancestors(g.path) a
        GROUP BY 1, 2, 3, 4, 5
    ), keyed AS (
        SELECT period, '000000'::char(6) AS parent_code, province AS region_code, kind, reports FROM place
        UNION ALL
        SELECT period, province, coalesce(prefecture, province), kind, reports FROM place
        UNION ALL
        SELECT period, prefecture, region_code, kind, reports FROM place WHERE prefecture IS NOT NULL
    )
    INSERT INTO huibao.report_total AS t (period, parent_code, region_code, department_kind, reports)
    SELECT period, parent_code, region_code, kind, sum(reports)
    FROM keyed
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (period, parent_code, region_code, department_kind) DO UPDATE
    SET reports = t.reports + EXCLUDED.reports;
    RETURN NULL;
END
$$;
