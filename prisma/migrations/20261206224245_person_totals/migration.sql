-- CreateTable
CREATE TABLE "PersonTotal" (
    "personId" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PersonTotal_pkey" PRIMARY KEY ("personId","section")
);

-- A person's totals go with the person. Not by a foreign key: the cascades of the person's deletion update
-- the totals (an order subtracts its items) after the key's own cascade would have run, and an update of a
-- row whose person is gone would fail the key's check.
CREATE OR REPLACE FUNCTION portal_person_totals_gone() RETURNS trigger AS $$
BEGIN
  DELETE FROM "PersonTotal" WHERE "personId" IN (SELECT id FROM old_rows);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Person_totals_gone" AFTER DELETE ON "Person"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals_gone();

-- The totals are kept by statement-level triggers: one grouped upsert per statement and person, however
-- many rows the statement wrote (an import's batch, an erasure's cascade). TG_ARGV: the total's key, the
-- expression naming a row's person (r is the row), and the condition a row must meet to count.
CREATE OR REPLACE FUNCTION portal_person_totals() RETURNS trigger AS $$
DECLARE
  total text := TG_ARGV[0];
  who text := TG_ARGV[1];
  counts text := COALESCE(TG_ARGV[2], 'true');
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE format(
      'UPDATE "PersonTotal" t SET n = t.n - s.c
         FROM (SELECT p, count(*)::int AS c FROM (SELECT %s AS p FROM old_rows r WHERE %s) x
               WHERE p IS NOT NULL GROUP BY p) s
        WHERE t."personId" = s.p AND t.section = %L',
      who, counts, total);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format(
      'INSERT INTO "PersonTotal" ("personId", section, n)
       SELECT p, %L, count(*)::int FROM (SELECT %s AS p FROM new_rows r WHERE %s) x
        WHERE p IS NOT NULL GROUP BY p
       ON CONFLICT ("personId", section) DO UPDATE SET n = "PersonTotal".n + excluded.n',
      total, who, counts);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- An order's items and shipments count for the order's person. When the order goes, its items go with it
-- (a cascade, after which the order can no longer name their person): the order subtracts them first.
-- When an order moves to another person, its items and shipments move with it.
CREATE OR REPLACE FUNCTION portal_order_children_totals() RETURNS trigger AS $$
DECLARE
  items int;
  shipments int;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT count(*) INTO items FROM "OrderItem" WHERE "orderId" = OLD.id;
    SELECT count(*) INTO shipments FROM "Shipment" WHERE "orderId" = OLD.id;
    UPDATE "PersonTotal" SET n = n - items WHERE "personId" = OLD."personId" AND section = 'orderItems';
    UPDATE "PersonTotal" SET n = n - shipments WHERE "personId" = OLD."personId" AND section = 'shipments';
    RETURN OLD;
  END IF;
  SELECT count(*) INTO items FROM "OrderItem" WHERE "orderId" = NEW.id;
  SELECT count(*) INTO shipments FROM "Shipment" WHERE "orderId" = NEW.id;
  UPDATE "PersonTotal" SET n = n - items WHERE "personId" = OLD."personId" AND section = 'orderItems';
  UPDATE "PersonTotal" SET n = n - shipments WHERE "personId" = OLD."personId" AND section = 'shipments';
  INSERT INTO "PersonTotal" ("personId", section, n)
  VALUES (NEW."personId", 'orderItems', items), (NEW."personId", 'shipments', shipments)
  ON CONFLICT ("personId", section) DO UPDATE SET n = "PersonTotal".n + excluded.n;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Order_children_totals_delete" BEFORE DELETE ON "Order"
  FOR EACH ROW EXECUTE FUNCTION portal_order_children_totals();
CREATE TRIGGER "Order_children_totals_move" AFTER UPDATE ON "Order"
  FOR EACH ROW WHEN (OLD."personId" IS DISTINCT FROM NEW."personId")
  EXECUTE FUNCTION portal_order_children_totals();

CREATE TRIGGER "Order_total_orders_insert" AFTER INSERT ON "Order"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('orders', 'r."personId"');
CREATE TRIGGER "Order_total_orders_update" AFTER UPDATE ON "Order"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('orders', 'r."personId"');
CREATE TRIGGER "Order_total_orders_delete" AFTER DELETE ON "Order"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('orders', 'r."personId"');

CREATE TRIGGER "OrderItem_total_orderItems_insert" AFTER INSERT ON "OrderItem"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('orderItems', '(SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId")');
CREATE TRIGGER "OrderItem_total_orderItems_update" AFTER UPDATE ON "OrderItem"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('orderItems', '(SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId")');
CREATE TRIGGER "OrderItem_total_orderItems_delete" AFTER DELETE ON "OrderItem"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('orderItems', '(SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId")');

CREATE TRIGGER "Shipment_total_shipments_insert" AFTER INSERT ON "Shipment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('shipments', '(SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId")');
CREATE TRIGGER "Shipment_total_shipments_update" AFTER UPDATE ON "Shipment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('shipments', '(SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId")');
CREATE TRIGGER "Shipment_total_shipments_delete" AFTER DELETE ON "Shipment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('shipments', '(SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId")');

CREATE TRIGGER "Invoice_total_invoices_insert" AFTER INSERT ON "Invoice"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('invoices', 'r."personId"');
CREATE TRIGGER "Invoice_total_invoices_update" AFTER UPDATE ON "Invoice"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('invoices', 'r."personId"');
CREATE TRIGGER "Invoice_total_invoices_delete" AFTER DELETE ON "Invoice"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('invoices', 'r."personId"');

CREATE TRIGGER "Payment_total_payments_insert" AFTER INSERT ON "Payment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('payments', 'r."personId"');
CREATE TRIGGER "Payment_total_payments_update" AFTER UPDATE ON "Payment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('payments', 'r."personId"');
CREATE TRIGGER "Payment_total_payments_delete" AFTER DELETE ON "Payment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('payments', 'r."personId"');

CREATE TRIGGER "Payment_total_paymentPartner_insert" AFTER INSERT ON "Payment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('paymentPartner', 'r."personId"', 'r."sharedWithProvider" IS NOT NULL');
CREATE TRIGGER "Payment_total_paymentPartner_update" AFTER UPDATE ON "Payment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('paymentPartner', 'r."personId"', 'r."sharedWithProvider" IS NOT NULL');
CREATE TRIGGER "Payment_total_paymentPartner_delete" AFTER DELETE ON "Payment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('paymentPartner', 'r."personId"', 'r."sharedWithProvider" IS NOT NULL');

CREATE TRIGGER "CreditCheck_total_creditChecks_insert" AFTER INSERT ON "CreditCheck"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('creditChecks', 'r."personId"');
CREATE TRIGGER "CreditCheck_total_creditChecks_update" AFTER UPDATE ON "CreditCheck"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('creditChecks', 'r."personId"');
CREATE TRIGGER "CreditCheck_total_creditChecks_delete" AFTER DELETE ON "CreditCheck"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('creditChecks', 'r."personId"');

CREATE TRIGGER "WebEvent_total_webEvents_insert" AFTER INSERT ON "WebEvent"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('webEvents', 'r."personId"');
CREATE TRIGGER "WebEvent_total_webEvents_update" AFTER UPDATE ON "WebEvent"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('webEvents', 'r."personId"');
CREATE TRIGGER "WebEvent_total_webEvents_delete" AFTER DELETE ON "WebEvent"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('webEvents', 'r."personId"');

CREATE TRIGGER "ConsentEvent_total_consentHistory_insert" AFTER INSERT ON "ConsentEvent"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('consentHistory', 'r."personId"');
CREATE TRIGGER "ConsentEvent_total_consentHistory_update" AFTER UPDATE ON "ConsentEvent"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('consentHistory', 'r."personId"');
CREATE TRIGGER "ConsentEvent_total_consentHistory_delete" AFTER DELETE ON "ConsentEvent"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('consentHistory', 'r."personId"');

CREATE TRIGGER "SocialInteraction_total_social_insert" AFTER INSERT ON "SocialInteraction"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('social', 'r."personId"');
CREATE TRIGGER "SocialInteraction_total_social_update" AFTER UPDATE ON "SocialInteraction"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('social', 'r."personId"');
CREATE TRIGGER "SocialInteraction_total_social_delete" AFTER DELETE ON "SocialInteraction"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('social', 'r."personId"');

CREATE TRIGGER "SupportContact_total_supportContacts_insert" AFTER INSERT ON "SupportContact"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('supportContacts', 'r."personId"');
CREATE TRIGGER "SupportContact_total_supportContacts_update" AFTER UPDATE ON "SupportContact"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('supportContacts', 'r."personId"');
CREATE TRIGGER "SupportContact_total_supportContacts_delete" AFTER DELETE ON "SupportContact"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('supportContacts', 'r."personId"');

CREATE TRIGGER "FormSubmission_total_forms_insert" AFTER INSERT ON "FormSubmission"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('forms', 'r."personId"');
CREATE TRIGGER "FormSubmission_total_forms_update" AFTER UPDATE ON "FormSubmission"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('forms', 'r."personId"');
CREATE TRIGGER "FormSubmission_total_forms_delete" AFTER DELETE ON "FormSubmission"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('forms', 'r."personId"');

CREATE TRIGGER "AuthorityDisclosure_total_disclosures_insert" AFTER INSERT ON "AuthorityDisclosure"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('disclosures', 'r."personId"');
CREATE TRIGGER "AuthorityDisclosure_total_disclosures_update" AFTER UPDATE ON "AuthorityDisclosure"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('disclosures', 'r."personId"');
CREATE TRIGGER "AuthorityDisclosure_total_disclosures_delete" AFTER DELETE ON "AuthorityDisclosure"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION portal_person_totals('disclosures', 'r."personId"');

-- The totals of the histories already held.
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'orders', count(*)::int FROM (SELECT r."personId" AS p FROM "Order" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'orderItems', count(*)::int FROM (SELECT (SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId") AS p FROM "OrderItem" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'shipments', count(*)::int FROM (SELECT (SELECT o."personId" FROM "Order" o WHERE o.id = r."orderId") AS p FROM "Shipment" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'invoices', count(*)::int FROM (SELECT r."personId" AS p FROM "Invoice" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'payments', count(*)::int FROM (SELECT r."personId" AS p FROM "Payment" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'paymentPartner', count(*)::int FROM (SELECT r."personId" AS p FROM "Payment" r WHERE r."sharedWithProvider" IS NOT NULL) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'creditChecks', count(*)::int FROM (SELECT r."personId" AS p FROM "CreditCheck" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'webEvents', count(*)::int FROM (SELECT r."personId" AS p FROM "WebEvent" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'consentHistory', count(*)::int FROM (SELECT r."personId" AS p FROM "ConsentEvent" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'social', count(*)::int FROM (SELECT r."personId" AS p FROM "SocialInteraction" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'supportContacts', count(*)::int FROM (SELECT r."personId" AS p FROM "SupportContact" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'forms', count(*)::int FROM (SELECT r."personId" AS p FROM "FormSubmission" r) x WHERE p IS NOT NULL GROUP BY p;
INSERT INTO "PersonTotal" ("personId", section, n)
  SELECT p, 'disclosures', count(*)::int FROM (SELECT r."personId" AS p FROM "AuthorityDisclosure" r) x WHERE p IS NOT NULL GROUP BY p;
