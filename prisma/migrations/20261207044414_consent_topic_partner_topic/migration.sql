-- AlterTable
ALTER TABLE "ConsentTopic" ADD COLUMN     "partnerTopicId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ConsentTopic_partnerTopicId_key" ON "ConsentTopic"("partnerTopicId");
