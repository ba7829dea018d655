-- AlterTable
ALTER TABLE "RecipientTask" ADD COLUMN     "fields" TEXT[] DEFAULT ARRAY[]::TEXT[];
