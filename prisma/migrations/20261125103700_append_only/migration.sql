-- Append-only stores: the database itself refuses to change or remove their rows.
CREATE OR REPLACE FUNCTION portal_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION portal_refuse_change();
CREATE TRIGGER "ConsentEvent_append_only" BEFORE UPDATE OR DELETE ON "ConsentEvent"
  FOR EACH ROW EXECUTE FUNCTION portal_refuse_change();
CREATE TRIGGER "ChangeEntry_append_only" BEFORE UPDATE OR DELETE ON "ChangeEntry"
  FOR EACH ROW EXECUTE FUNCTION portal_refuse_change();
