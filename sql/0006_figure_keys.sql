-- figure's department, kind and region are copies of what its report's department says, written in the same
-- statement that writes the report: the foreign key to report already guarantees them. Checking each one again
-- for every figure row cost more than the rows themselves in bulk submits.
ALTER TABLE huibao.figure DROP CONSTRAINT figure_department_id_fkey;
ALTER TABLE huibao.figure DROP CONSTRAINT figure_department_kind_fkey;
ALTER TABLE huibao.figure DROP CONSTRAINT figure_region_code_fkey;
