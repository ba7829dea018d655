-- AlterTable
ALTER TABLE "Copy" ADD COLUMN     "storage" TEXT;

-- CreateTable
CREATE TABLE "CopyChunk" (
    "copyId" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "CopyChunk_pkey" PRIMARY KEY ("copyId","n")
);

-- AddForeignKey
ALTER TABLE "CopyChunk" ADD CONSTRAINT "CopyChunk_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE CASCADE ON UPDATE CASCADE;
