-- Roles and row-level security. Roles are cluster-wide, so they are created only where missing: several
-- databases (tests, staging) can share one cluster.
--   huibao_writer  group of the department logins: insert and read its own department's reports and metrics,
--                  read reference data and the published figures of everyone.
--   huibao_admin   the city office: reads and corrects everything.
DO $$
BEGIN
    CREATE ROLE huibao_writer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
    CREATE ROLE huibao_admin NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE TABLE huibao.department_writer (
    login         text PRIMARY KEY,
    department_id bigint NOT NULL REFERENCES huibao.department (id)
);

GRANT USAGE ON SCHEMA huibao TO huibao_writer, huibao_admin;
GRANT SELECT ON huibao.region, huibao.department_kind, huibao.department, huibao.indicator, huibao.target,
    huibao.schema_migration TO huibao_writer;
GRANT SELECT, INSERT ON huibao.report, huibao.metric TO huibao_writer;
GRANT UPDATE (is_current) ON huibao.report TO huibao_writer;
GRANT SELECT, INSERT, DELETE ON huibao.figure TO huibao_writer;
GRANT INSERT ON huibao.audit TO huibao_writer;
GRANT SELECT ON huibao.department_writer TO huibao_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA huibao TO huibao_admin;

ALTER TABLE huibao.department_writer ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_login ON huibao.department_writer TO huibao_writer USING (login = current_user);
CREATE POLICY everything ON huibao.department_writer TO huibao_admin USING (true) WITH CHECK (true);

ALTER TABLE huibao.report ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_department ON huibao.report TO huibao_writer
    USING (department_id IN (SELECT department_id FROM huibao.department_writer WHERE login = current_user))
    WITH CHECK (department_id IN (SELECT department_id FROM huibao.department_writer WHERE login = current_user));
CREATE POLICY everything ON huibao.report TO huibao_admin USING (true) WITH CHECK (true);

-- A metric is visible and insertable exactly when its report is (the report policy applies inside the subquery).
ALTER TABLE huibao.metric ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_report ON huibao.metric TO huibao_writer
    USING (EXISTS (SELECT 1 FROM huibao.report r WHERE r.id = report_id))
    WITH CHECK (EXISTS (SELECT 1 FROM huibao.report r WHERE r.id = report_id));
CREATE POLICY everything ON huibao.metric TO huibao_admin USING (true) WITH CHECK (true);

-- Published figures: everyone reads them; a writer changes only its own department's.
ALTER TABLE huibao.figure ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_all ON huibao.figure FOR SELECT TO huibao_writer USING (true);
CREATE POLICY write_own ON huibao.figure FOR INSERT TO huibao_writer
    WITH CHECK (department_id IN (SELECT department_id FROM huibao.department_writer WHERE login = current_user));
CREATE POLICY delete_own ON huibao.figure FOR DELETE TO huibao_writer
    USING (department_id IN (SELECT department_id FROM huibao.department_writer WHERE login = current_user));
CREATE POLICY everything ON huibao.figure TO huibao_admin USING (true) WITH CHECK (true);

ALTER TABLE huibao.audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_reports ON huibao.audit FOR INSERT TO huibao_writer
    WITH CHECK (report_id IS NULL OR EXISTS (SELECT 1 FROM huibao.report r WHERE r.id = report_id));
CREATE POLICY everything ON huibao.audit TO huibao_admin USING (true) WITH CHECK (true);

-- Creates (or re-keys) a department writer's login. Role names cannot be bound as parameters, so the name is
-- quoted here with format('%I'), by the server, never spliced by the client.
CREATE FUNCTION huibao.grant_department(p_login text, p_password text, p_department bigint)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, huibao
AS $$
BEGIN
    IF p_login !~ '^[a-z_][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'login name % is not allowed: use lower-case letters, digits and _', p_login
            USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND (rolsuper OR rolcreaterole)) THEN
        RAISE EXCEPTION 'login % is a privileged role; choose another name', p_login USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_password);
    ELSE
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', p_login, p_password);
    END IF;
    EXECUTE format('GRANT huibao_writer TO %I', p_login);
    INSERT INTO huibao.department_writer (login, department_id) VALUES (p_login, p_department)
    ON CONFLICT (login) DO UPDATE SET department_id = EXCLUDED.department_id;
    INSERT INTO huibao.audit (action, reason) VALUES ('grant_department', p_login || ' → department ' || p_department);
END
$$;
REVOKE ALL ON FUNCTION huibao.grant_department(text, text, bigint) FROM PUBLIC;
