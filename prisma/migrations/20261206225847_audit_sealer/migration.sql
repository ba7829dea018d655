-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "chainSeq" BIGINT,
ADD COLUMN     "mac" TEXT,
ALTER COLUMN "prevHash" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_mac_key" ON "AuditEntry"("mac");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_chainSeq_key" ON "AuditEntry"("chainSeq");

-- The entries already in the chain keep their place: the chain's order was their seq.
ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only";
UPDATE "AuditEntry" SET "chainSeq" = seq;
ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only";

-- Still append-only, with one exception: the sealer sets an unsealed entry's place in the chain and its
-- hashes, once. Nothing else of an entry ever changes, and nothing is removed.
CREATE OR REPLACE FUNCTION portal_audit_seal_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."chainSeq" IS NULL AND OLD."prevHash" IS NULL AND OLD.hash IS NULL
     AND NEW."chainSeq" IS NOT NULL AND NEW."prevHash" IS NOT NULL AND NEW.hash IS NOT NULL
     AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW."actorType" = OLD."actorType"
     AND NEW."actorId" IS NOT DISTINCT FROM OLD."actorId"
     AND NEW."personId" IS NOT DISTINCT FROM OLD."personId"
     AND NEW.action = OLD.action
     AND NEW."targetType" IS NOT DISTINCT FROM OLD."targetType"
     AND NEW."targetId" IS NOT DISTINCT FROM OLD."targetId"
     AND NEW.meta IS NOT DISTINCT FROM OLD.meta
     AND NEW.mac IS NOT DISTINCT FROM OLD.mac THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER "AuditEntry_append_only" ON "AuditEntry";
CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION portal_audit_seal_only();
