"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { fill } from "@/lib/i18n/fill";

/** Translated on the page; `progress` keeps a `{progress}` mark for the value polled here. */
export type CopyProgressTexts = { label: string; progress: string };

// Polls the status of the person's own copy and reloads the page's data once it is ready (or failed).
export function CopyProgress({ initial, texts }: { initial: number; texts: CopyProgressTexts }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch("/api/exports/status", { cache: "no-store" });
        if (!res.ok || stopped) return;
        const body = (await res.json()) as { status: string; progress: number } | null;
        if (!body) return;
        setProgress(body.progress);
        if (body.status !== "queued" && body.status !== "building") {
          stopped = true;
          clearInterval(timer);
          router.refresh();
        }
      } catch {
        // A missed poll is retried on the next tick.
      }
    }, 1500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [router]);
  return (
    <div className="stack">
      <progress max={100} value={progress} aria-label={texts.label} />
      <p role="status" aria-live="polite">
        {fill(texts.progress, { progress })}
      </p>
    </div>
  );
}
