#!/bin/sh
# Prisma CLI commands try to download the native schema engine first; this machine class
# cannot reach its host. generate/validate/format only need the bundled WASM, so a stub that
# refuses to run lets them proceed. Migrations are applied by prisma/migrate.ts instead.
echo "native Prisma schema engine not available: use npm run db:migrate" >&2
exit 1
