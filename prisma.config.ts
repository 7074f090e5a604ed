import "dotenv/config";
import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (generate, and migrate deploy on machines that have the native engine).
// The app itself reads DATABASE_URL at run time (lib/db/connection.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/postgres" },
});
