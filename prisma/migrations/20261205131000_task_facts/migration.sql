-- AlterTable
ALTER TABLE "RecipientTask" ADD COLUMN     "facts" JSONB;
