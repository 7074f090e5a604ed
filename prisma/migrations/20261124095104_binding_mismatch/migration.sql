-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "last_mismatch" TEXT;
