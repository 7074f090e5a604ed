/** `npm run asvs:check`: docs/asvs.md names every requirement, and every test it cites exists. */
import { ASVS_MAP, checkAsvsMap, REQUIRED } from "./asvs-map";

const problems = checkAsvsMap();
for (const p of problems) console.error(`  ${p}`);
console.log(
  problems.length
    ? `${ASVS_MAP}: ${problems.length} problem(s)`
    : `${ASVS_MAP}: ${REQUIRED.length} requirements mapped, every cited test exists`,
);
process.exit(problems.length ? 1 : 0);
