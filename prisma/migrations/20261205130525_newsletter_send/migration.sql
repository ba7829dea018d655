-- CreateTable
CREATE TABLE "NewsletterSend" (
    "id" TEXT NOT NULL,
    "sendKey" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "subjectSv" TEXT NOT NULL,
    "bodySv" TEXT NOT NULL,
    "subjectEn" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "sentById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expected" INTEGER NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "cursor" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "NewsletterSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NewsletterSend_sendKey_key" ON "NewsletterSend"("sendKey");

-- CreateIndex
CREATE INDEX "NewsletterSend_createdAt_idx" ON "NewsletterSend"("createdAt");
