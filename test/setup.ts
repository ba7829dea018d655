import { inject } from "vitest";
import { applyTestEnv } from "./test-env";

applyTestEnv();
process.env.DATABASE_URL = inject("databaseUrl");
process.env.DATABASE_POOL_SIZE ??= "5";
