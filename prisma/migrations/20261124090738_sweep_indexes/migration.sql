-- CreateIndex
CREATE INDEX "sessions_revoked_at_last_seen_at_idx" ON "sessions"("revoked_at", "last_seen_at");

-- CreateIndex
CREATE INDEX "sessions_revoked_at_created_at_idx" ON "sessions"("revoked_at", "created_at");
