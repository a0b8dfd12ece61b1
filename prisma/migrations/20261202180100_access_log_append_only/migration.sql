-- The access log is evidence: the database itself refuses to change or delete it.
CREATE OR REPLACE FUNCTION access_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AccessLog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER access_log_append_only
  BEFORE UPDATE OR DELETE ON "AccessLog"
  FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();

CREATE TRIGGER access_log_no_truncate
  BEFORE TRUNCATE ON "AccessLog"
  FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();
