-- County names repeat across the country (朝阳区 in 北京 and 长春), so department names do too: a department is
-- identified by its region and kind; a name that matches several is resolved by asking for the id.
ALTER TABLE huibao.department DROP CONSTRAINT department_name_key;
CREATE INDEX department_name ON huibao.department (name);
