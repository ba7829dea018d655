// The job worker: emails, copies, newsletter sync, erasure, retention. Needs DATABASE_URL.
import { startWorker } from "../lib/jobs/worker";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const boss = await startWorker(url);
  console.log("[worker] ready");
  const stop = async () => {
    await boss.stop({ graceful: true, timeout: 5000, wait: true }).catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(`[worker] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
