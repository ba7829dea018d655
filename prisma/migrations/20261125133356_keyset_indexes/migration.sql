-- DropIndex
DROP INDEX "ConsentEvent_personId_at_idx";

-- DropIndex
DROP INDEX "CreditCheck_personId_checkedAt_idx";

-- DropIndex
DROP INDEX "Invoice_personId_issuedAt_idx";

-- DropIndex
DROP INDEX "Order_personId_placedAt_idx";

-- DropIndex
DROP INDEX "Payment_personId_paidAt_idx";

-- DropIndex
DROP INDEX "WebEvent_personId_occurredAt_idx";

-- CreateIndex
CREATE INDEX "ConsentEvent_personId_at_id_idx" ON "ConsentEvent"("personId", "at", "id");

-- CreateIndex
CREATE INDEX "CreditCheck_personId_checkedAt_id_idx" ON "CreditCheck"("personId", "checkedAt", "id");

-- CreateIndex
CREATE INDEX "Invoice_personId_issuedAt_id_idx" ON "Invoice"("personId", "issuedAt", "id");

-- CreateIndex
CREATE INDEX "Order_personId_placedAt_id_idx" ON "Order"("personId", "placedAt", "id");

-- CreateIndex
CREATE INDEX "Payment_personId_paidAt_id_idx" ON "Payment"("personId", "paidAt", "id");

-- CreateIndex
CREATE INDEX "WebEvent_personId_occurredAt_id_idx" ON "WebEvent"("personId", "occurredAt", "id");
