-- The city office creates department writers' logins too, not only the owner.
GRANT EXECUTE ON FUNCTION huibao.grant_department(text, text, bigint) TO huibao_admin;
