-- CreateTable
CREATE TABLE "adopted_credentials" (
    "credential_hash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "session_id" UUID,
    "user_id" UUID,
    "adopted_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "adopted_credentials_pkey" PRIMARY KEY ("credential_hash")
);

-- CreateIndex
CREATE INDEX "adopted_credentials_expires_at_idx" ON "adopted_credentials"("expires_at");
