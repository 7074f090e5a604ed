-- CreateTable
CREATE TABLE "spent_tokens" (
    "token_hash" TEXT NOT NULL,
    "session_id" UUID NOT NULL,
    "spent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "spent_tokens_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "spent_tokens_session_id_idx" ON "spent_tokens"("session_id");

-- AddForeignKey
ALTER TABLE "spent_tokens" ADD CONSTRAINT "spent_tokens_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
